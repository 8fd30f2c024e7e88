# The README's set-up is two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development defaults; production sets its own environment (see README). Links in emails
# and the admin point at the address `make run` serves, unless SITE_URL says otherwise.
DEV_ENV := DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}
# The task worker's log under `make run`: 1 warnings and failed tasks, 2 also a line per task.
WORKER_VERBOSITY ?= 1
TEST_ENV := DEBUG=1 SECRET_KEY=test-only TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

.PHONY: run serve test lint format install migrate messages makemessages static demo worker check lock clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %s)." % sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || echo "PDF letters need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

messages: install
	$(DEV_ENV) $(BIN)/python manage.py compile_translations

static: install
	$(DEV_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo_data --if-empty

## make run: install, migrate, compile messages, collect static files, load demo data when the
## database is empty, then serve the site, its task worker and the alerts' periodic command (each
## minute, as cron runs it in production) on http://$(HOST):$(PORT)/
run: migrate messages static demo serve

## make serve: only the serving part of `make run`, on the database as it is
serve: install
	@echo ""
	@echo "  Urgent Actions: http://$(HOST):$(PORT)/"
	@echo "  Log in as editor at http://$(HOST):$(PORT)/admin/ with editor@example.org / write-for-rights"
	@echo "  (the admin then asks you to set up a second factor: an authenticator app or a passkey)"
	@echo "  Emails land in sent-mail/ (no SMTP server configured)."
	@echo "  (Ctrl-C stops the web server, the task worker and the alerts' periodic command.)"
	@echo ""
	@# On Ctrl-C or a TERM to make, and when one of the three ends (a port in use), stop the others
	@# and wait for them. The minute loop stops its current command or sleep with it. Granian runs
	@# in a session of its own, out of Ctrl-C's reach: its worker process, signalled by the terminal
	@# as well as by granian, can hang its shutdown; the TERM from here stops it in a moment.
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; trap exit INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py db_worker --no-startup-delay --no-reload --verbosity $(WORKER_VERBOSITY) & \
	(trap 'kill $$! 2>/dev/null; exit' TERM; \
	  while true; do $(DEV_ENV) $(BIN)/python manage.py send_alerts & wait $$!; sleep 60 & wait $$!; done) & \
	$(DEV_ENV) setsid $(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 1 --blocking-threads 4 \
	  --log-level warning urgentactions.wsgi:application & \
	wait -n

worker: install
	$(DEV_ENV) $(BIN)/python manage.py db_worker

## make test: the whole suite (browser tests need Debian's chromium, PDF tests Pango: see .ci/run),
## in TEST_WORKERS processes (pytest-xdist), each with its own test database. Tests are handed out
## a module's group at a time (--dist loadgroup, see conftest.py), in collection order (not
## xdist's default of the largest group first), so each process runs the transactional tests
## (which empty its database) after the others.
TEST_WORKERS ?= 2
test: messages
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make check: migrations and the deploy check under production-like settings
check: install
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=urgent-actions.example.org EMAIL_HOST=smtp.example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

## make makemessages: extract interface strings into locale/*/LC_MESSAGES/django.po (needs gettext)
makemessages: install
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'

## make lock: re-resolve requirements*.in into the exact versions of requirements*.txt
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	(echo '# Full lock of the runtime: generated from requirements.in by "make lock"; do not edit by hand.'; \
	  .lock-venv/bin/pip freeze --exclude pip) > requirements.txt
	.lock-venv/bin/pip install --quiet -r requirements-dev.in
	(echo '# Full lock of the test and lint tools: generated from requirements-dev.in by "make lock".'; \
	  echo '-c requirements.txt'; .lock-venv/bin/pip freeze --exclude pip | grep -vxFf requirements.txt) > requirements-dev.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
