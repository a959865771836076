# Fazhi: two commands. `make demo` serves the product with demo data; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FAZHI := $(BIN)/fazhi
export FAZHI_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test venv lint bench clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	FAZHI_DEMO=1 $(FAZHI) migrate --noinput
	FAZHI_DEMO=1 $(FAZHI) demo load
	FAZHI_DEMO=1 $(FAZHI) serve --addr 127.0.0.1:8000

test: $(STAMP)
	@command -v dot >/dev/null || echo "warning: graphviz 'dot' not found; .ci/run installs it (apt-get install graphviz)"
	$(BIN)/ruff check .
	FAZHI_TESTING=1 $(FAZHI) makemigrations --check --dry-run
	FAZHI_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Regenerate the translation catalogues (fazhi/locale: msgids are the Chinese source strings), complete the
# zh_Hans one, list the English entries still to translate, compile the .mo files (committed). Needs gettext.
messages: $(STAMP)
	FAZHI_TESTING=1 $(FAZHI) messages

# The benchmark at a province's scale (bench/README.md): SCALE=city (1/100, the default, SQLite and PostgreSQL,
# about 15 minutes) or SCALE=province (PostgreSQL only, 1,000,000 cases and 10,000,000 units: hours the first time,
# the seeded database is kept). BENCH_ARGS: more options of `python -m bench.run` (e.g. --fresh, --no-draw).
SCALE ?= city
bench: $(STAMP)
	FAZHI_TESTING=1 $(BIN)/python -m bench.run --scale $(SCALE) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data
