# Two commands matter: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run install demo test lint types unit bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

# Only the runtime: the .venv a server runs (README «Triển khai cho cơ quan»), without the test tools.
install: $(RUN_STAMP)

# Opens the dashboard on the bundled sample (or on CCHC_SOURCE / .streamlit/secrets.toml when set).
run: $(RUN_STAMP)
	$(PY) -m streamlit run app.py --server.port $${PORT:-8501}

# The dashboard reading the sample through the real Google Sheets path, served by the loopback
# Sheets API emulator (no Google account needed): the same requests gspread sends to Google.
DEMO_ID := 1CchcEmulatorSampleSheet-vi_VN-0000000000000
demo: $(RUN_STAMP)
	$(PY) -m emulator --source sample --port 8765 --id $(DEMO_ID) & emulator=$$!; \
	trap "kill $$emulator" EXIT INT TERM; sleep 2; \
	CCHC_SHEETS_ENDPOINT=http://127.0.0.1:8765 CCHC_SOURCE=gsheet:$(DEMO_ID) \
	$(PY) -m streamlit run app.py --server.port $${PORT:-8501}

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

types: $(DEV_STAMP)
	$(PY) -m mypy

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
unit: $(DEV_STAMP)
	$(PY) -m pytest --cov --cov-report=term; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing"; exit 1; fi; exit $$rc

test: lint types unit

bench: $(DEV_STAMP)
	$(PY) bench/bench.py; cli=$$?; $(PY) bench/sheets.py; google=$$?; $(PY) bench/render.py; ui=$$?; \
	exit $$((cli | google | ui))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
