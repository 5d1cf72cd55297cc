# Two commands: `make run` (fresh clone -> running app with demo data) and `make test` (fresh clone -> whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/regiekamer_ci_$(shell echo $$PPID)
PYTEST_WORKERS ?= 2

.PHONY: run serve test check test-sqlite test-postgres bench lint messages sysdeps-run sysdeps-test postgres-up redis-up clean

run: $(VENV)/.installed-run sysdeps-run messages
	@mkdir -p var
	$(BIN)/regiekamer migrate --noinput
	$(BIN)/regiekamer demo
	@echo "Regiekamer runs at http://$(HOST):$(PORT)/ with a job worker  (stop both with Ctrl-C)"
	@# The job worker (imports, data loads, report batches) beside the web server. Ctrl-C reaches both: the
	@# worker finishes its job, then stops (one signal only: a second one would cut the job short); when
	@# runserver ends otherwise, the worker is sent one SIGTERM (the same graceful stop).
	{ $(BIN)/regiekamer worker & worker=$$!; \
	  trap '[ -n "$$ctrl_c" ] || kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  trap 'ctrl_c=1; exit 130' INT; trap 'exit 143' TERM; \
	  $(BIN)/regiekamer runserver $(HOST):$(PORT); }

# The production profile on this host: checks, migrations and static files, then gunicorn with SERVE_WORKERS
# processes and the task worker side by side; Ctrl-C (or either one ending) stops both, the worker after the
# job it runs (Ctrl-C twice stops that job too: it is then marked lost and can be started again). Needs
# SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the environment (README, "Production serving";
# docs/deployment.md).
SERVE_WORKERS ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
serve: $(VENV)/.installed-run sysdeps-run messages
	@test -n "$$SECRET_KEY" -a -n "$$ALLOWED_HOSTS" -a -n "$$DATABASE_URL" || { \
	  echo "make serve: set SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (README, Production serving)"; exit 2; }
	@mkdir -p var
	export DJANGO_SETTINGS_MODULE=regiekamer.settings.production; \
	$(BIN)/regiekamer check --deploy && \
	$(BIN)/regiekamer migrate --noinput && \
	$(MAKE) --no-print-directory var/.collectstatic && \
	{ $(BIN)/gunicorn -c python:regiekamer.gunicorn_conf regiekamer.wsgi --bind $(HOST):$(PORT) \
	    --workers $(SERVE_WORKERS) --access-logfile - & web=$$!; \
	  $(BIN)/regiekamer worker & worker=$$!; \
	  trap 'kill -TERM $$web 2>/dev/null; [ -n "$$ctrl_c" ] || kill -INT $$worker 2>/dev/null; wait' EXIT; \
	  trap 'ctrl_c=1; exit 130' INT; trap 'exit 143' TERM; \
	  echo "Regiekamer (production profile) at http://$(HOST):$(PORT)/: $(SERVE_WORKERS) web workers, 1 task worker"; \
	  wait -n; }

# Static files for WhiteNoise (compressed with gzip and Brotli, about a minute): collected again only when a
# static file or an installed package has changed.
STATIC_SOURCES := $(shell find static $(filter-out var/static,$(wildcard */static)) -type f 2>/dev/null)
var/.collectstatic: $(STATIC_SOURCES) $(VENV)/.installed-run
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=regiekamer.settings.production $(BIN)/regiekamer collectstatic --noinput --verbosity 0
	touch $@

test: $(VENV)/.installed-test sysdeps-test messages
	$(MAKE) check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# Static checks, part of `make test`: lint, format, migrations in step with the models, types.
check: $(VENV)/.installed-test
	@echo "=== checks: ruff, ruff format, makemigrations --check, mypy ==="
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p var  # the default SQLite database's directory: makemigrations checks the migration history there
	DJANGO_SETTINGS_MODULE=regiekamer.settings.test $(BIN)/regiekamer makemigrations --check --dry-run
	$(BIN)/mypy .

# The suites need PostgreSQL and Redis (the multi-host scenario, the Redis cache): started here if down, and a
# test that cannot reach them fails instead of skipping (REGIEKAMER_SERVICES_REQUIRED).
test-sqlite: postgres-up redis-up
	@echo "=== test suite on SQLite ==="
	REGIEKAMER_SERVICES_REQUIRED=1 $(BIN)/pytest -n $(PYTEST_WORKERS) -q --no-migrations $(PYTEST_ARGS)

# The browser journeys, the slow scenarios and the role matrix's requests per role (about 7,500 page and
# endpoint requests, views and templates alike on both databases) run once, in the SQLite run; everything else
# on PostgreSQL too, the role matrix's rules included. Both suites make their test databases from the models
# (--no-migrations, conftest.py's django_db_setup: seconds, where migrating took a minute per test process);
# the migrations run from zero once in each run: on SQLite in regiekamer/tests/test_migrations.py (checked
# against the models), on PostgreSQL in the multi-host scenario.
test-postgres: postgres-up redis-up
	@echo "=== test suite on PostgreSQL ($(PG_URL)) ==="
	REGIEKAMER_SERVICES_REQUIRED=1 DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -q --create-db --no-migrations -m "not scenario and not matrix_requests" --ignore=e2e $(PYTEST_ARGS)

bench: $(VENV)/.installed-test messages
	@mkdir -p var
	$(BIN)/python bench/run.py

lint: check

messages: $(VENV)/.installed-run
	@$(BIN)/python scripts/compilemessages.py

# Python packages: reinstalled only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-run
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# Debian packages: WeasyPrint needs Pango; the browser tests need Chromium; the backup tests pg_dump. Skipped
# when present.
sysdeps-run:
	@ldconfig -p | grep -q 'libpango-1.0.so' || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else echo "warning: install libpango-1.0-0 for PDF output"; fi; }

sysdeps-test: sysdeps-run
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }
	@command -v chromium >/dev/null && chromium --version
	@command -v pg_dump >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }

# PostgreSQL runs locally (trust auth); start the cluster if it is down.
postgres-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432

# Redis runs locally as a service; start one (installed if missing) if none answers.
redis-up:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }; \
	  echo "starting Redis"; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
	  for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 -p 6379 ping

clean:
	rm -rf $(VENV) var
