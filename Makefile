# dienhinh: `make run` sets everything up and serves the product; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PORT ?= 8000
WORKERS ?= 3
THREADS ?= 8
STAMP := $(VENV)/.installed

.PHONY: run setup install db demo serve worker test test-fast lint format messages clean bench

# Threaded workers: a slow client holds one connection in the poller, not a whole worker;
# request lines and headers are bounded, and bodies over the limit are refused unread
# (core.middleware.RequestSizeLimitMiddleware).
GUNICORN_OPTS ?= --preload --config python:dienhinh.core.serving --worker-class gthread --workers $(WORKERS) --threads $(THREADS) \
	--timeout 30 --graceful-timeout 20 --keep-alive 5 --limit-request-line 4094 \
	--limit-request-fields 100 --limit-request-field_size 8190

run: setup ## set up and serve on http://127.0.0.1:$(PORT) with a background worker
	@echo "dienhinh: http://127.0.0.1:$(PORT)  (demo logins in README.md)"
	@rm -rf var/metrics && mkdir -p var/metrics
	@trap 'kill 0' INT TERM EXIT; export PROMETHEUS_MULTIPROC_DIR=$(CURDIR)/var/metrics; \
	$(MANAGE) db_worker --queue-name '*' & \
	$(MANAGE) document_jobs --watch & \
	$(MANAGE) receive_webhooks & \
	$(BIN)/gunicorn dienhinh.wsgi:application --bind 127.0.0.1:$(PORT) $(GUNICORN_OPTS) \
	  --access-logfile - --forwarded-allow-ips 127.0.0.1

setup: install db demo

$(PY):
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml requirements.lock
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db: install
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --no-input --verbosity 0

demo: db
	$(MANAGE) load_demo
	$(MANAGE) load_demo_api
	$(MANAGE) make_demo_keys

messages: install ## extract and compile translations (needs gettext)
	cd src/dienhinh && ../../$(PY) ../../manage.py makemessages -l vi --no-obsolete --ignore 'static/*'
	cd src/dienhinh && ../../$(PY) ../../manage.py compilemessages

test: install ## the whole suite (SQLite by default; DATABASE_URL picks another engine)
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: install ## ruff, and mypy with django-stubs (settings in pyproject.toml)
	$(BIN)/ruff check src tests bench drills
	$(BIN)/ruff format --check src tests bench drills
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests bench drills
	$(BIN)/ruff check --fix src tests bench drills

clean:
	rm -rf $(VENV) var staticfiles
