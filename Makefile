# Two commands for a fresh machine (Python 3.11, pip, git, make):
#   make report   – set up .venv, execute every notebook on the bundled data → reports/index.html
#   make test     – set up .venv with the dev extras, run ruff and the whole test suite
# More: make app (the scenario web app), make lab (JupyterLab on notebooks/), make bench
# (benchmarks), make lint.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
ELECTION ?=         # empty: the newest election in the data (KV25); make report ELECTION=KV21
KKR    ?= Hovedstaden

.PHONY: report report-pdf test app lab lint bench browser clean data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[app]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-pdf: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[pdf]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-app $(VENV)/.installed-lab \
	  $(VENV)/.installed-pdf

# The notebooks shipped with the package (notebooks/ in a checkout) → reports/*.html
report: $(VENV)/.installed
	$(BIN)/kkr report --out reports $(if $(ELECTION),--election $(ELECTION)) --kkr $(KKR)

# The same plus reports/pdf/*.pdf (one per page and one combined), printed by headless chromium.
report-pdf: $(VENV)/.installed-pdf browser
	$(BIN)/kkr report --out reports $(if $(ELECTION),--election $(ELECTION)) --kkr $(KKR) --pdf

# The browser test needs Debian's chromium; as root it is installed here when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  >/dev/null; } || echo "chromium is missing: the browser test will be skipped"

test: $(VENV)/.installed-dev browser
	$(BIN)/ruff check kkr_analysis tests benchmarks
	$(BIN)/python -m pytest --nbval-lax

# The bundled tables from valg.dk's own files: data/raw → data/kv21, data/kv25 (checksums first)
data: $(VENV)/.installed
	$(BIN)/kkr data build

# The scenario app for a whole group: one Solara server process, a session per visitor
# (`kkr app`; its browser files come from the npm registry once). HOST=0.0.0.0 for the network.
HOST   ?= 127.0.0.1
app: $(VENV)/.installed-app
	$(BIN)/kkr app --host $(HOST) --port $(PORT) $(if $(DATA_DIR),--data-dir $(DATA_DIR))

LAB_PORT ?= 8888
lab: $(VENV)/.installed-lab
	@echo "Starting JupyterLab on notebooks/: open the http://127.0.0.1:$(LAB_PORT)/lab?token=… link printed below"
	$(BIN)/jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	  --ServerApp.root_dir=notebooks --LabApp.extension_manager=readonly \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check kkr_analysis tests benchmarks

bench: $(VENV)/.installed-dev
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports artifacts build dist .pytest_cache .hypothesis
