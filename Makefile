# Two entry points: `make run` and `make test`. Both build everything they need from nothing.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DB ?= data/warehouse/demo.duckdb
# The demo works on copies, so trying uploads, rollbacks, targets and users in it never
# changes the reviewed files; rebuilding the demo database resets them.
DEMO_ARCHIVE := data/warehouse/demo-archive
DEMO_CONFIG := data/warehouse/demo-config
PORT ?= 8501
# Keep Python's bytecode cache even where the shell turns it off: a test run starts many
# Python processes (test workers, command-line runs, dashboard servers), and each would
# otherwise compile the project's modules again (about 2 s per process).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test demo-db sample lint format bench clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(DEMO_DB): $(STAMP) $(shell find data/sample data/catalog -type f 2>/dev/null)
	rm -rf $(DEMO_DB) $(DEMO_DB).wal $(DEMO_ARCHIVE) $(DEMO_CONFIG)
	KPI_ARCHIVE=$(DEMO_ARCHIVE) $(PY) -m data ingest data/sample --db $(DEMO_DB) --quiet \
		$(foreach f,$(wildcard data/sample/*/arrivals.yaml),--arrivals $(f)) || test $$? -le 2
	$(PY) -m data status --db $(DEMO_DB)

demo-db: $(DEMO_DB)

# Demo mode: the sample database and the demo accounts of data/access/users.demo.yaml.
run: $(DEMO_DB)
	mkdir -p $(DEMO_CONFIG)
	test -f $(DEMO_CONFIG)/users.yaml || cp data/access/users.demo.yaml $(DEMO_CONFIG)/users.yaml
	test -d $(DEMO_CONFIG)/targets || cp -r metrics/targets $(DEMO_CONFIG)/targets
	KPI_DEMO=1 KPI_DB=$(DEMO_DB) KPI_ARCHIVE=$(DEMO_ARCHIVE) KPI_USERS=$(DEMO_CONFIG)/users.yaml \
		KPI_TARGETS=$(DEMO_CONFIG)/targets $(PY) -m streamlit run dashboard/app.py --server.port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest
	$(PY) -m pytest -m slow -n 0
	$(PY) -m pytest -m browser -n 0

sample: $(STAMP)
	$(PY) -m data.sample --out data/sample

lint: $(STAMP)
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

BENCH_SCALE ?= district
bench: $(STAMP)
	$(PY) -m tests.bench --register-scale $(BENCH_SCALE)

clean:
	rm -rf data/warehouse .pytest_cache
