# Nêu Gương: the README's commands. `make run` starts the product, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= $(or $(NEUGUONG_DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/neuguong)
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres lint e2e bench bench-ballots bench-reception bench-library bench-study-meetings bench-inspection bench-evaluation bench-portal fuzz messages clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

var:
	@mkdir -p var

## Start the web server on http://127.0.0.1:8000 with a background-task worker. Ctrl-C stops both.
## RUN_DEBUG=1 shows Django's debug pages; by default the product's own 404, 403 and 500 pages show.
RUN_DEBUG ?= 0
run: $(STAMP) var
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_catalogues
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py demo_accounts
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker & \
	  NEUGUONG_DEBUG=$(RUN_DEBUG) $(PY) manage.py runserver 127.0.0.1:8000 --noreload

## Every test: lint, migrations check, then the unit/integration/browser tests on SQLite and on
## PostgreSQL side by side (two jobs, one core each); the page tests that do not depend on the
## database (browser, one-language crawl) run in the SQLite suite only (see the root conftest). The suites share no database, port, file or
## Redis: the SQLite suite's database is in memory and it keeps the cache in process. Each suite's
## output is printed whole when it ends; either one failing fails `make test`.
test: $(STAMP) lint
	@echo "Running the SQLite and PostgreSQL suites side by side; each one's output appears when it ends."
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy src/neuguong
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) bin/check_messages.py
	$(PY) manage.py compilemessages --ignore=.venv -v0

test-sqlite: $(STAMP)
	NEUGUONG_DATABASE_URL= DATABASE_URL= REDIS_URL= $(PY) -m pytest -q $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@if $(PY) bin/db_ready.py "$(PG_URL)"; then \
	  echo "PostgreSQL answers at $(PG_URL): running the suite on it"; \
	  NEUGUONG_DATABASE_URL="$(PG_URL)" NEUGUONG_DB_POOL=0 $(PY) -m pytest -q $(PYTEST_ARGS); \
	else echo "PostgreSQL does not answer at $(PG_URL): skipped"; fi

e2e: $(STAMP)
	NEUGUONG_DATABASE_URL= DATABASE_URL= $(PY) -m pytest -q e2e

## Benchmarks on PostgreSQL; results go to bench/results/.
bench: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/run.py
	$(MAKE) bench-ballots
	$(MAKE) bench-reception
	$(MAKE) bench-library
	$(MAKE) bench-study-meetings
	$(MAKE) bench-inspection
	$(MAKE) bench-evaluation
	$(MAKE) bench-portal

## Ballot casts per second through gunicorn (wrk on loopback) against a bare view, and the tally.
bench-ballots: $(STAMP)
	@command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/ballots.py $(BENCH_BALLOTS_ARGS)

## Petition lists (overdue, due soon) over 200,000 petitions: the selectors against raw SQL.
bench-reception: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/reception.py $(BENCH_RECEPTION_ARGS)

## Library search over 20,000 documents with their extracted text: the list's selector against raw SQL.
bench-library: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/study_library.py $(BENCH_LIBRARY_ARGS)

## The province's yearly attendance roll-up over 1,000 cells' monthly meetings: the selector against raw SQL.
bench-study-meetings: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/study_meetings.py $(BENCH_STUDY_MEETINGS_ARGS)

## Inspection statistics over five years of a province (30,000 cases, 4,000 decisions): the selector
## against raw SQL, and the page and the API through gunicorn.
bench-inspection: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/inspection.py $(BENCH_INSPECTION_ARGS)

## The yearly review of a province of 150,000 members: classify the period, then its summary.
bench-evaluation: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/evaluation.py $(BENCH_EVALUATION_ARGS)
## The public news site through gunicorn with the Redis cache: front page and an article at 200 readers
## (wrk on loopback) against a static file of the same size, and a publication's delay to the front page.
bench-portal: $(STAMP)
	@command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	@command -v redis-server >/dev/null || apt-get install -y redis-server
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bench/portal.py $(BENCH_PORTAL_ARGS)

## schemathesis over the whole API on PostgreSQL (its own database): zero 5xx expected. Not part of `make test`.
FUZZ_ARGS ?=
fuzz: $(STAMP)
	NEUGUONG_DATABASE_URL="$(PG_URL)" $(PY) bin/fuzz.py $(FUZZ_ARGS)

messages: $(STAMP)
	$(PY) manage.py makemessages -l vi --ignore=.venv --ignore=var --ignore=bench --ignore=e2e
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/neuguong.sqlite3* var/static
