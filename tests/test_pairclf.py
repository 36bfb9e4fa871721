"""The trained pair classifier: shipped model, decisions on unseen sentences, switch, retraining."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from flashpoint.errors import ModelError
from flashpoint.nlp import pairclf as P
from flashpoint.nlp.arguments import MentionIndex
from flashpoint.records import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def resolve(nlp):  # type: ignore[no-untyped-def]
    from flashpoint.actors import ActorResolver

    resolver = ActorResolver(nlp)

    def run(text: str, date: str = "2019-05-01"):  # type: ignore[no-untyped-def]
        doc = nlp(text)
        index = MentionIndex(resolver.resolve_doc(doc, date), doc)
        return doc[:], index

    return run


def test_shipped_model_loads_with_expected_shape() -> None:
    m = P.load_model()
    assert m.classes == [*EVENT_TYPES, P.NONE]
    assert m.weights.shape == (17, len(m.vocab)) and m.bias.shape == (17,)
    assert len(m.vocab) > 1000  # a model over a handful of features would be a broken build
    assert 0.3 <= m.threshold < 1.0 and 1 <= m.max_pairs <= 3
    assert np.isfinite(m.weights).all()
    assert {"sdep=nsubj", "tdep=dobj", "lca_neg"} <= set(m.vocab)


def test_load_rejects_files_that_disagree(tmp_path: Path) -> None:
    shutil.copy(P.MODEL_DIR / "model.npz", tmp_path / "model.npz")
    doc = json.loads((P.MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:-5]
    (tmp_path / "model.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError, match="disagree"):
        P.load_model(tmp_path)
    with pytest.raises(ModelError, match="train_pairclf"):
        P.load_model(tmp_path / "missing")


# Sentences written for this test (in neither eval/synthetic nor the gold). The rules code the
# first as a visit; the classifier reads the cargo.
EVENTS = [
    ("Egyptian authorities flew tonnes of flour and medicine to Sudan on Sunday.", "EGY", "SDN", {"AID"}),
    ("Vietnam's foreign ministry slammed China over the deployment of an oil rig.", "VNM", "CHN", {"ACCUSE"}),
]
NON_EVENTS = [
    "U.S. bombers and missiles fired from American warships and British submarines hit targets around Kabul.",
    "Canada and Australia, both members of the Commonwealth, reported slower growth this year.",
    "Brazil and Argentina drew 1-1 in a friendly in Buenos Aires.",
    "Tourists from Germany crowded the beaches of Spain this summer.",
    "France did not expel the Russian diplomats, officials said.",
]


@pytest.mark.parametrize(("text", "src", "tgt", "types"), EVENTS)
def test_finds_the_obvious_event(resolve, text: str, src: str, tgt: str, types: set[str]) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve(text)
    out = P.classify_pairs(sent, index)
    assert out, f"no event found in {text!r}"
    s, t, type_, prob, tok = out[0]
    assert (s.code, t.code) == (src, tgt)
    assert type_ in types
    assert P.load_model().threshold <= prob <= 1.0
    assert tok.pos_ in ("VERB", "NOUN")  # the act word, not an actor's name


@pytest.mark.parametrize("text", NON_EVENTS)
def test_no_event_where_no_act(resolve, text: str) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve(text)
    assert len({m.code for m in index.by_token.values()}) >= 2  # the test is about the pair, not the resolver
    assert P.classify_pairs(sent, index) == []


def test_env_switch_disables(resolve, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve(EVENTS[0][0])
    assert P.classify_pairs(sent, index)
    monkeypatch.setenv(P.ENV_OFF, "1")
    assert P.classify_pairs(sent, index) == []
    monkeypatch.setenv(P.ENV_OFF, "0")
    assert P.classify_pairs(sent, index)


def test_never_same_actor_and_capacity_and_few_pairs(resolve) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve(
        "Chinese officials and Beijing's diplomats warned Washington, the White House "
        "and American lawmakers over Taiwan, Tokyo and Seoul."
    )
    out = P.classify_pairs(sent, index, threshold=0.0)
    assert len(out) <= P.load_model().max_pairs
    for s, t, *_ in out:
        assert not (s.code == t.code and (s.sector or "GOV") == (t.sector or "GOV"))
    assert len({(s.code, t.code) for s, t, *_ in out}) == len(out)


@pytest.mark.slow
def test_training_script_runs_on_a_sample(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import train_pairclf
    finally:
        sys.path.remove(str(ROOT / "tools"))
    rc = train_pairclf.main(["--limit", "40", "--folds", "2", "--out", str(tmp_path), "--no-plv"])
    assert rc == 0
    m = P.load_model(tmp_path)
    assert m.classes[-1] == P.NONE and m.weights.shape[0] == 17
    assert m.meta["rows"]["synthetic"] > 0  # type: ignore[index]


def test_coordinated_actors_are_not_source_and_target(resolve) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve("Missiles fired from American warships and British submarines hit targets near Kabul.")
    ms = {m.mention.code: m for m in P.sentence_mentions(sent, index.by_token)}
    assert P.coordinated(sent, ms["USA"], ms["GBR"]) and P.coordinated(sent, ms["GBR"], ms["USA"])
    sent, index = resolve("Fighting broke out between American forces and British troops near Basra.")
    ms = {m.mention.code: m for m in P.sentence_mentions(sent, index.by_token)}
    assert not P.coordinated(sent, ms["USA"], ms["GBR"])  # the two sides of a clash


def test_negated_act_is_cancelled(resolve) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve("France did not expel the Russian diplomats.")
    ms = {m.mention.code: m for m in P.sentence_mentions(sent, index.by_token)}
    tok = P.act_token(sent, ms["FRA"], ms["RUS"])
    assert tok.lemma_ == "expel" and P.cancelled(tok)
    sent, index = resolve("France expelled the Russian diplomats.")
    ms = {m.mention.code: m for m in P.sentence_mentions(sent, index.by_token)}
    assert not P.cancelled(P.act_token(sent, ms["FRA"], ms["RUS"]))


def test_missing_model_warns_and_adds_nothing(resolve, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sent, index = resolve(EVENTS[0][0])
    monkeypatch.setattr(P, "MODEL_DIR", tmp_path)
    P._model.cache_clear()
    P._warn_once.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="pair classifier disabled.*train_pairclf"):
            assert P.classify_pairs(sent, index) == []
    finally:
        P._model.cache_clear()  # the next caller loads the shipped model again
