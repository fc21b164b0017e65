# Two commands for a fresh machine (Python 3.11, pip, git, make):
#   make report   – set up .venv, execute every notebook on the bundled data → reports/*.html
#   make test     – set up .venv with the dev extras, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: report test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/kkr report --out reports

test: $(VENV)/.installed-dev
	$(BIN)/ruff check kkr_analysis tests benchmarks
	$(BIN)/python -m pytest --nbval-lax

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check kkr_analysis tests benchmarks

bench: $(VENV)/.installed-dev
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports build dist .pytest_cache .hypothesis
