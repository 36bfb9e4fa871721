# flashpoint task runner. `make demo` and `make test` are the two commands in the README.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= flashpoint-demo.duckdb

.PHONY: install demo test lint bench eval browser serve pairclf

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Chromium from Debian for the browser tests (never `playwright install`: no downloads here).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver)

demo: install
	rm -f $(DB)
	$(BIN)/flashpoint ingest examples/retaliation_articles.txt --db $(DB)
	$(BIN)/flashpoint stats --db $(DB)
	$(BIN)/flashpoint chains --db $(DB)
	$(BIN)/flashpoint dyads --db $(DB)
	@echo
	@echo "Dashboard: $(BIN)/flashpoint serve --db $(DB)   (then open http://127.0.0.1:8000/)"

test: install browser
	$(BIN)/python -m pytest -q -rs

lint: install
	$(BIN)/ruff check src tests eval benchmarks
	$(BIN)/mypy

eval: install
	$(BIN)/python -m eval.report

bench: install
	$(BIN)/python -m benchmarks.bench_coder
	$(BIN)/python -m benchmarks.bench_actors
	$(BIN)/python -m benchmarks.bench_web

serve: install
	$(BIN)/flashpoint serve --db $(DB)

# Rebuild the pair classifier's synthetic sentences and weights (after changing the rules).
pairclf: install
	$(BIN)/python eval/synthetic/generate.py
	$(BIN)/python tools/train_pairclf.py
