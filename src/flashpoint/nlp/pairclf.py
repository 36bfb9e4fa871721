"""A trained pair classifier for the sentences the coder's rules find nothing in.

The rule coder (``events.py``) is precise but misses most events whose wording no trigger
covers. For a sentence where the rules found no candidate, :func:`classify_pairs` looks at each
ordered pair of actor mentions (source, target) and asks a linear model whether the sentence
states an act from source to target, and of which PLOVER type (or ``NONE``).

Features come from the parse the coder already has (no second spaCy pass): the dependency path
between the two mentions and the word where the paths meet, the words between them, the
sentence's verbs, negation and modality around the meeting word, and the mentions' grammatical
roles, kinds and sectors. The model is a multinomial logistic regression trained by
``tools/train_pairclf.py``; it ships as plain data (``data/pairclf/model.npz`` + ``model.json``)
so that it loads without scikit-learn and never breaks across library versions.

Set ``FLASHPOINT_NO_PAIRCLF=1`` to switch the classifier off (it then returns nothing).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from flashpoint.errors import ModelError
from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from flashpoint.nlp.arguments import MentionIndex

MODEL_DIR = Path(__file__).resolve().parent / "data" / "pairclf"
ENV_OFF = "FLASHPOINT_NO_PAIRCLF"
NONE = "NONE"

# Codes that are not a state actor a classifier event may name: an unresolved actor, or the
# coder's placeholder for "the two countries" (the rules expand that one themselves).
_SKIP_CODES = frozenset({"UNK", "PAIR"})
# Dependency labels worth keeping as single features: they carry who-does-what.
_MODALS = frozenset({"would", "could", "may", "might", "will", "shall", "should", "can", "must"})
_NEG = frozenset({"not", "n't", "never", "no"})
_PATH_MAX = 8  # longer dependency paths are truncated: past that they are noise, not syntax


@dataclass(frozen=True)
class PairMention:
    """An actor mention inside one sentence, with its tokens and syntactic head."""

    mention: ActorMention
    tokens: tuple[int, ...]
    head: int


# ----------------------------------------------------------------------------- features


def sentence_mentions(sent: Span, by_token: dict[int, ActorMention]) -> list[PairMention]:
    """The distinct actor mentions of ``sent`` (each with its head token), in text order."""
    groups: dict[tuple[int, int, str], list[int]] = {}
    mentions: dict[tuple[int, int, str], ActorMention] = {}
    for i in range(sent.start, sent.end):
        m = by_token.get(i)
        if m is None:
            continue
        key = (m.start, m.end, m.code)
        groups.setdefault(key, []).append(i)
        mentions[key] = m
    out = []
    doc = sent.doc
    for key, toks in groups.items():
        inside = set(toks)
        # The head is the token whose syntactic head lies outside the mention ("the Kremlin" →
        # Kremlin); with several, the last one, as English noun phrases are head-final.
        heads = [i for i in toks if doc[i].head.i not in inside or doc[i].head.i == i]
        out.append(PairMention(mentions[key], tuple(toks), heads[-1] if heads else toks[-1]))
    return out


def _ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.pos_ != "PROPN" else "<propn>"


def act_token(sent: Span, src: PairMention, tgt: PairMention) -> Token:
    """The token that best carries the act between two mentions.

    The word where the two dependency paths meet when it is a verb or noun outside both mentions
    ("China *expelled* the diplomats", "the *talks* between ..."); else the nearest verb above the
    target, else the sentence root.
    """
    doc = sent.doc
    s_chain = _ancestors(doc[src.head])
    t_chain = _ancestors(doc[tgt.head])
    s_ids = {t.i for t in s_chain}
    lca = next((t for t in t_chain if t.i in s_ids), sent.root)
    inside = set(src.tokens) | set(tgt.tokens)
    if lca.i not in inside and lca.pos_ in ("VERB", "NOUN", "AUX"):
        return lca
    for t in t_chain[1:]:
        if t.pos_ == "VERB" and t.i not in inside:
            return t
    return sent.root


_CONDITIONAL = frozenset({"if", "unless", "whether"})


def cancelled(tok: Token) -> bool:
    """Whether the act word is negated or conditional ("did not expel", "if Tokyo were to ...").

    EVENTS.md: a negated act and a purely hypothetical one are not events. The model sees the
    negation as a feature, but a handful of training sentences cannot outweigh a strong act
    word, so the coder's own cancel rule is applied as a hard filter, as the rules do.
    """
    for t in (tok, tok.head) if tok.dep_ in ("xcomp", "conj") else (tok,):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in _NEG:
                return True
            if c.dep_ == "mark" and c.lower_ in _CONDITIONAL:
                return True
    return False


def coordinated(sent: Span, src: PairMention, tgt: PairMention) -> bool:
    """Whether the two mentions are coordinated co-actors ("American warships and British submarines").

    Coordinated actors share one role in the clause; they are not each other's source and
    target. Coordination under "between"/"among" is the exception: "clashes between Armenian
    and Azerbaijani forces" names the two sides of a joint act.
    """
    doc = sent.doc
    s_tok, t_tok = doc[src.head], doc[tgt.head]
    if t_tok not in s_tok.conjuncts:
        return False
    first = min(s_tok, t_tok, key=lambda t: t.i)
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return not (first.dep_ == "pobj" and first.head.lower_ in ("between", "among"))


def excluded(sent: Span, src: PairMention, tgt: PairMention, tok: Token) -> bool:
    """Pairs the classifier never codes, whatever the model says: negated, conditional, co-actors."""
    return cancelled(tok) or coordinated(sent, src, tgt)


def pair_features(sent: Span, src: PairMention, tgt: PairMention, sent_feats: list[str] | None = None) -> list[str]:
    """String features of the ordered pair (src → tgt) in ``sent``.

    Args:
        sent: the sentence, a span of the parsed article.
        src: the candidate source mention.
        tgt: the candidate target mention.
        sent_feats: the sentence-level features (:func:`sentence_features`), if computed already.

    Returns:
        Feature names; the model reads each as a binary indicator.
    """
    doc = sent.doc
    s_tok, t_tok = doc[src.head], doc[tgt.head]
    s_chain = _ancestors(s_tok)
    t_chain = _ancestors(t_tok)
    s_pos = {t.i: k for k, t in enumerate(s_chain)}
    j = next((k for k, t in enumerate(t_chain) if t.i in s_pos), len(t_chain) - 1)
    lca = t_chain[j]
    up = s_chain[: s_pos.get(lca.i, len(s_chain) - 1)]
    down = t_chain[:j]
    f = list(sent_feats if sent_feats is not None else sentence_features(sent))
    s_dep, t_dep = s_tok.dep_, t_tok.dep_
    lca_l = _lemma(lca)
    f += [
        f"sdep={s_dep}",
        f"tdep={t_dep}",
        f"sdep,tdep={s_dep},{t_dep}",
        f"lca={lca_l}",
        f"lcapos={lca.pos_}",
        f"lca,sdep={lca_l},{s_dep}",
        f"lca,tdep={lca_l},{t_dep}",
        f"lca,sdep,tdep={lca_l},{s_dep},{t_dep}",
        f"order={'st' if src.head < tgt.head else 'ts'}",
    ]
    # Kinds and sectors only where the resolver gave them (marked training spans have none).
    for name, m in (("s", src.mention), ("t", tgt.mention)):
        if m.kind:
            f.append(f"{name}kind={m.kind}")
        if m.sector:
            f.append(f"{name}sec={m.sector}")
    if src.mention.code == tgt.mention.code:
        f.append("samecode")
    if s_tok.head.i == t_tok.i or t_tok.head.i == s_tok.i:
        f.append("adjacent_np")  # one mention modifies the other: "China's ambassador to Britain"
    # The dependency path, as labels with direction, and the lemmas on it.
    path = [f"{t.dep_}^" for t in up] + [f"v{t.dep_}" for t in reversed(down)]
    if len(path) <= _PATH_MAX:
        f.append("path=" + ".".join(path))
    else:
        f.append("path=long")
    f.append(f"pathlen={min(len(path), _PATH_MAX)}")
    inner = [t for t in (*up[1:], lca, *down[1:]) if t.i not in src.tokens and t.i not in tgt.tokens]
    for t in inner[:_PATH_MAX]:
        if t.is_alpha and not t.is_stop or t.lower_ in _NEG or t.pos_ == "ADP":
            f.append(f"pw={_lemma(t)}")
    # Negation and modality on the word where the paths meet: "did not expel", "could impose".
    for c in lca.children:
        if c.dep_ == "neg" or c.lower_ in _NEG:
            f.append("lca_neg")
        elif c.dep_ == "aux" and c.lower_ in _MODALS:
            f.append(f"lca_aux={c.lower_}")
        elif c.dep_ == "mark":
            f.append(f"lca_mark={c.lower_}")
        elif (
            c.dep_ in ("dobj", "attr", "dative", "xcomp", "ccomp", "prt")
            and c.i not in src.tokens
            and c.i not in tgt.tokens
        ):
            f.append(f"lca_{c.dep_}={_lemma(c)}")
    if lca.dep_ in ("advcl", "ccomp", "xcomp", "relcl", "pcomp", "acl"):
        f.append(f"lca_in={lca.dep_},{_lemma(lca.head)}")
    # Words between the two mentions: the wording no rule covers lives here.
    first, second = (src, tgt) if src.head < tgt.head else (tgt, src)
    lo, hi = max(first.tokens) + 1, min(second.tokens)
    between = [t for t in doc[lo:hi]] if hi > lo else []
    if len(between) <= 12:
        for t in between:
            if t.is_alpha and (not t.is_stop or t.pos_ == "ADP" or t.lower_ in _NEG):
                f.append(f"bw={_lemma(t)}")
    else:
        f.append("bw=far")
    # Each mention's role in its clause: the dependency under the nearest verb above it. Actors
    # sit inside noun phrases ("technology from Chinese firm Huawei"), so the head's own label
    # often says less about who acts than the label that attaches the phrase to a verb.
    s_rel, s_verb = _clause_role(s_tok, src)
    t_rel, t_verb = _clause_role(t_tok, tgt)
    f += [f"srel={s_rel}", f"trel={t_rel}", f"srel,trel={s_rel},{t_rel}"]
    if s_verb is not None and t_verb is not None and s_verb.i == t_verb.i:
        f += ["sameverb", f"sameverb={_lemma(s_verb)},{s_rel},{t_rel}"]
    elif s_verb is not None and t_verb is not None:
        f.append(f"tverb={_lemma(t_verb)}")
    # Head words of the mentions' own phrases ("*sanctions* on Russia": the target's preposition).
    for name, tok in (("s", s_tok), ("t", t_tok)):
        h = tok.head
        if tok.dep_ == "pobj":
            f.append(f"{name}prep={tok.head.lower_}")
            f.append(f"{name}prep,head={tok.head.lower_},{_lemma(tok.head.head)}")
        elif h.i != tok.i:
            f.append(f"{name}head={_lemma(h)}")
    return f


def _clause_role(tok: Token, m: PairMention) -> tuple[str, Token | None]:
    """The label under which the phrase holding ``tok`` attaches to its nearest verb, and that verb."""
    child = tok
    for _ in range(12):
        head = child.head
        if head.i == child.i:
            return "root", None
        if head.pos_ in ("VERB", "AUX") and head.i not in m.tokens:
            rel = child.dep_
            if rel == "prep":
                rel = f"prep_{child.lower_}"
            elif rel == "agent":
                rel = "agent"
            return rel, head
        child = head
    return "far", None


def sentence_features(sent: Span) -> list[str]:
    """Features of the whole sentence, shared by all its pairs: its content verbs and nouns."""
    f = []
    for t in sent:
        if t.pos_ == "VERB":
            f.append(f"sv={t.lemma_.lower()}")
        elif t.pos_ == "NOUN" and t.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "ROOT", "attr"):
            f.append(f"sn={t.lemma_.lower()}")
    if sent.text.rstrip().endswith("?"):
        f.append("question")
    return f


# ----------------------------------------------------------------------------- model


@dataclass
class PairModel:
    """A linear model over string features: weights[class, feature] plus a bias per class."""

    vocab: dict[str, int]
    classes: list[str]
    weights: np.ndarray  # (n_classes, n_features), float32
    bias: np.ndarray  # (n_classes,)
    threshold: float
    max_pairs: int
    meta: dict[str, object]

    def proba(self, feature_lists: Iterable[list[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list."""
        rows = []
        for feats in feature_lists:
            idx = sorted({self.vocab[x] for x in feats if x in self.vocab})
            rows.append(self.weights[:, idx].sum(axis=1) + self.bias)
        if not rows:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        z = np.vstack(rows)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, directory: Path) -> None:
        """Write ``model.npz`` (weights) and ``model.json`` (vocabulary, classes, settings)."""
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "model.npz", weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32)
        )
        feats = [""] * len(self.vocab)
        for k, v in self.vocab.items():
            feats[v] = k
        doc = {
            "_comment": "flashpoint pair classifier: features (index = column of weights in model.npz), "
            "classes (row order), decision threshold. Rebuilt by tools/train_pairclf.py.",
            "classes": self.classes,
            "threshold": self.threshold,
            "max_pairs": self.max_pairs,
            "meta": self.meta,
            "features": feats,
        }
        (directory / "model.json").write_text(json.dumps(doc, indent=0, ensure_ascii=False), encoding="utf-8")


def load_model(directory: Path = MODEL_DIR) -> PairModel:
    """Load the model shipped in ``directory``.

    Raises:
        ModelError: the files are missing or do not match each other.
    """
    try:
        doc = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        with np.load(directory / "model.npz") as z:
            weights, bias = z["weights"], z["bias"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"cannot load the pair classifier from {directory}: {exc}. "
            "Rebuild it with `python tools/train_pairclf.py` or set FLASHPOINT_NO_PAIRCLF=1."
        ) from exc
    feats, classes = doc["features"], doc["classes"]
    if weights.shape != (len(classes), len(feats)) or bias.shape != (len(classes),):
        raise ModelError(
            f"pair classifier files in {directory} disagree: weights {weights.shape}, "
            f"{len(classes)} classes, {len(feats)} features. Rebuild with tools/train_pairclf.py."
        )
    return PairModel(
        {f: i for i, f in enumerate(feats)},
        list(classes),
        weights,
        bias,
        float(doc["threshold"]),
        int(doc.get("max_pairs", 2)),
        dict(doc.get("meta", {})),
    )


@lru_cache(maxsize=1)
def _model() -> PairModel:
    return load_model(MODEL_DIR)


@lru_cache(maxsize=1)
def _warn_once(message: str) -> None:
    warnings.warn(f"pair classifier disabled: {message}", RuntimeWarning, stacklevel=3)


def candidate_pairs(ms: list[PairMention]) -> list[tuple[PairMention, PairMention]]:
    """Ordered pairs of mentions the classifier may code: distinct actors, known codes."""
    out = []
    for s in ms:
        if s.mention.code in _SKIP_CODES or s.mention.start < 0:
            continue
        for t in ms:
            if t is s or t.mention.code in _SKIP_CODES or t.mention.start < 0:
                continue
            if s.mention.code == t.mention.code and (s.mention.sector or "GOV") == (t.mention.sector or "GOV"):
                continue  # one state acting on itself in one capacity: a resolution error, not an event
            out.append((s, t))
    return out


def classify_pairs(
    sent: Span, index: MentionIndex, model: PairModel | None = None, threshold: float | None = None
) -> list[tuple[ActorMention, ActorMention, str, float, Token]]:
    """Events the model finds between the actor mentions of one sentence.

    Args:
        sent: a sentence of a parsed article in which the rules found no event.
        index: the coder's mention index (token index → actor mention).
        model: a model to use instead of the shipped one (tests, training).
        threshold: overrides the model's tuned threshold.

    Returns:
        ``(source, target, PLOVER type, probability, act token)`` for at most ``max_pairs``
        pairs (one per pair of codes) whose most probable event type reaches the threshold,
        most probable first.
    """
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return []
    ms = sentence_mentions(sent, index.by_token)
    pairs = candidate_pairs(ms)
    if not pairs:
        return []
    if model is None:
        try:
            model = _model()
        except ModelError as exc:
            # The coder must keep working without its optional classifier (a wheel built
            # without the model files, a half-written retrain): say so once, then add nothing.
            _warn_once(str(exc))
            return []
    mdl = model
    thr = mdl.threshold if threshold is None else threshold
    sf = sentence_features(sent)
    probs = mdl.proba(pair_features(sent, s, t, sf) for s, t in pairs)
    none_i = mdl.classes.index(NONE)
    found: dict[tuple[str, str], tuple[float, ActorMention, ActorMention, str, Token]] = {}
    for (s, t), p in zip(pairs, probs, strict=True):
        k = int(np.argmax(np.where(np.arange(len(p)) == none_i, -1.0, p)))
        if p[k] < thr:
            continue
        key = (s.mention.code, t.mention.code)
        if key in found and p[k] <= found[key][0]:
            continue
        tok = act_token(sent, s, t)
        if excluded(sent, s, t, tok):
            continue
        found[key] = (float(p[k]), s.mention, t.mention, mdl.classes[k], tok)
    best = sorted(found.values(), key=lambda x: -x[0])[: mdl.max_pairs]
    return [(s, t, ty, pr, tok) for pr, s, t, ty, tok in best]
