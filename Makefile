# Supportdesk: `make run` for the demo desk, `make test` for the whole suite, `make bench` for figures.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL pass's pytest-xdist workers: it is the longest pass, and in one process it would
# leave a core idle once the SQLite pass beside it ends. 0: one process.
PG_TEST_WORKERS ?= $(shell [ "$$(nproc)" -gt 1 ] && echo 2 || echo 0)

.PHONY: venv messages run test test-unit test-postgres bench bench-check lint format clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

# Translations are compiled at build time (.mo files are not committed). Debian's gettext when
# it is installed, Babel's pure-Python compiler otherwise, so a bare machine can still run (Babel's
# stricter check rejects gettext's usual plural forms, "one character" / "%(count)d characters",
# but writes the catalogue all the same). File
# targets: a .mo newer than its .po is left alone, so makes running side by side (CI) never
# rewrite a catalogue another one is reading.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

messages: venv $(CATALOGUES)

locale/%.mo: locale/%.po | venv
	@if command -v msgfmt >/dev/null 2>&1; then \
		msgfmt --check-format -o $@.tmp $< && mv $@.tmp $@; \
	else \
		$(VENV)/bin/pybabel -q compile -i $< -o $@.tmp 2>/dev/null; test -s $@.tmp && mv $@.tmp $@; \
	fi

run: venv messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Supportdesk is starting:"
	@echo "    help centre      http://$(HOST):$(PORT)/en/   (中文: http://$(HOST):$(PORT)/zh-hans/)"
	@echo "    new ticket       http://$(HOST):$(PORT)/en/tickets/new/"
	@echo "    agent workspace  http://$(HOST):$(PORT)/admin/"
	@echo "    API docs         http://$(HOST):$(PORT)/api/docs/"
	@echo "  Demo logins: agent / agent-demo-pass   supervisor / supervisor-demo-pass   admin / admin-demo-pass   customer@example.com / customer-demo-pass"
	@echo "  API token:   $(PY) manage.py drf_create_token agent"
	@echo "  Ctrl-C stops the web server, the Celery worker and Celery beat."
	@echo ""
	HOST=$(HOST) PORT=$(PORT) SUPPORT_SITE_URL=http://$(HOST):$(PORT) SLA_SWEEP_SECONDS=$${SLA_SWEEP_SECONDS:-10} \
		$(VENV)/bin/honcho -f Procfile.dev start

# The fast pass on SQLite with eager Celery, then every test that uses the database again on a
# real PostgreSQL with the integration tests (Redis, Celery worker processes, Chromium). In CI the second pass
# is mandatory; elsewhere it runs when the server binaries are installed.
# The passes share nothing (an in-memory database against a throwaway cluster, temporary media
# directories, free ports), so with two cores or more they run side by side, each pass's output
# printed whole when it ends: the wall time is the PostgreSQL pass's, not the sum.
# Tests that never open a database run in the first pass only (SUPPORTDESK_DATABASE_TESTS_ONLY:
# the second keeps the database, integration and browser tests); `make test-postgres` runs them all.
test: venv messages
	@if [ "$$(nproc)" -gt 1 ]; then \
		SUPPORTDESK_DATABASE_TESTS_ONLY=1 $(MAKE) --no-print-directory -j2 --output-sync=target test-unit test-postgres; \
	else \
		SUPPORTDESK_DATABASE_TESTS_ONLY=1 $(MAKE) --no-print-directory test-unit test-postgres; \
	fi

test-unit: venv messages
	$(PY) -m pytest -m "not integration and not browser" -q --durations=15

test-postgres: venv messages
	@if [ "$$CI" = "true" ] || $(PY) -m tests.servers available; then \
		SUPPORTDESK_TEST_DB=postgres $(PY) -m pytest -q --durations=15 -n $(PG_TEST_WORKERS); \
	else \
		echo "PostgreSQL or Redis not installed: the integration pass is skipped (apt-get install postgresql redis-server)"; \
	fi

# `make bench` measures (BENCH=create,sla,... selects; minutes each at the real sizes).
# `make bench-check` proves every benchmark still runs: the benchmark's own tests, then every
# benchmark at tiny sizes with its results checked and its timings not judged (CI runs it).
bench: venv messages
	$(PY) -m bench.run

bench-check: venv messages
	@if [ "$$CI" = "true" ] || $(PY) -m tests.servers available; then \
		SUPPORTDESK_BENCH_TESTS=1 SUPPORTDESK_TEST_DB=postgres $(PY) -m pytest -q tests/bench; \
	else \
		echo "PostgreSQL or Redis not installed: the bench tests run on SQLite, their integration tests skipped"; \
		SUPPORTDESK_BENCH_TESTS=1 $(PY) -m pytest -q tests/bench; \
	fi
	BENCH_TINY=1 $(PY) -m bench.run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
