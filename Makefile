# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
MARIADB_URL ?= mysql://root@127.0.0.1:3306/test

.DEFAULT_GOAL := help
.PHONY: help install system-deps browser-deps screenshots run worker test test-mariadb mariadb-up lint schema deploy-check bench bench-mariadb \
	fuzz client test-scale redis-up clean

help:
	@echo "make run           set up everything (venv, database, demo data) and serve on http://$(HOST):$(PORT)"
	@echo "make worker        the worker alone (customer messages, reminders, retries); make run starts it too"
	@echo "make test          set up everything and run the test suite on SQLite"
	@echo "make test-mariadb  the same suite on MariaDB/MySQL (DATABASE_URL, default $(MARIADB_URL))"
	@echo "make screenshots   the browser tests, writing docs/screenshots/*.png"
	@echo "make lint          ruff and the import contracts between the apps (lint-imports)"
	@echo "make bench         seed data, start gunicorn, drive it with concurrent clients, print figures"
	@echo "                   (BENCH_ORDERS=1000 by default; BENCH_ORDERS=\"1000 100000\" compares sizes)"
	@echo "make bench-mariadb the same against MariaDB (database bench, recreated)"
	@echo "make fuzz          schemathesis against a running server, every check, bounded"
	@echo "make client        generated Python/TypeScript clients and a scenario through them"
	@echo "make test-scale    two gunicorn servers on one MariaDB and one Redis: races, idempotency, throttling"

# mysqlclient compiles against the MariaDB/MySQL client headers, found through pkg-config.
system-deps:
	@if pkg-config --exists mysqlclient 2>/dev/null || pkg-config --exists mariadb 2>/dev/null; then \
		exit 0; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "Installing the MariaDB client headers and pkg-config (needed to build mysqlclient)..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq pkg-config libmariadb-dev; \
	else \
		echo "mysqlclient needs the MySQL/MariaDB client headers and pkg-config. Install them first:"; \
		echo "  Fedora/RHEL: sudo dnf install pkgconf-pkg-config mariadb-connector-c-devel gcc python3-devel"; \
		echo "  macOS:       brew install pkg-config mysql-client  (and export PKG_CONFIG_PATH=\$$(brew --prefix mysql-client)/lib/pkgconfig)"; \
		exit 1; \
	fi

# The browser tests drive the system's Chromium through Playwright (Debian's chromium package;
# never `playwright install`, which downloads a browser build of its own).
browser-deps:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ]; then \
		exit 0; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium (the browser tests drive it)..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	else \
		echo "No Chromium found: the browser tests will be skipped (install chromium, or set CHROMIUM_PATH)."; \
	fi

$(STAMP): requirements.txt requirements-dev.txt
	@$(MAKE) --no-print-directory system-deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty --customers 25 --orders 60 --images 6
	@echo ""
	@echo "  API:          http://$(HOST):$(PORT)/api/v1/"
	@echo "  Swagger UI:   http://$(HOST):$(PORT)/api/docs/"
	@echo "  Admin:        http://$(HOST):$(PORT)/admin/"
	@echo "  (web and worker together; Ctrl-C stops both)"
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) PORT=$(PORT) MAKE_RUN_ORIGIN=http://$(HOST):$(PORT) \
		$(BIN)/honcho -f Procfile.dev start

# The worker alone (customer messages, reminders, retries): what the Procfile's worker: line runs.
worker: install
	$(BIN)/celery -A config worker --pool threads --concurrency 2 --without-mingle --without-gossip --loglevel INFO

test: install browser-deps
	$(BIN)/pytest

# The browser tests, keeping their pictures of the screens in docs/screenshots/ (the README shows them).
screenshots: install browser-deps
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest browser_tests

test-mariadb: install browser-deps mariadb-up
	DATABASE_URL=$${DATABASE_URL:-$(MARIADB_URL)} $(BIN)/pytest

# Start the local MariaDB server if it is installed but not running (CI machines, dev boxes).
mariadb-up:
	@if ! mariadb-admin ping -h 127.0.0.1 --silent 2>/dev/null; then \
		echo "Starting MariaDB..."; \
		start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; \
		for i in $$(seq 1 30); do mariadb-admin ping -h 127.0.0.1 --silent 2>/dev/null && break; sleep 1; done; \
		mariadb-admin ping -h 127.0.0.1 --silent || { echo "MariaDB is not reachable on 127.0.0.1:3306"; exit 1; }; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

schema: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file schema.yml

deploy-check: install
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		ALLOWED_HOSTS=studio.example.com SITE_URL=https://studio.example.com $(BIN)/python manage.py check --deploy --fail-level WARNING

BENCH_ORDERS ?= 1000
BENCH_MARIADB_URL ?= mysql://root@127.0.0.1:3306/bench
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/5

bench: install
	$(BIN)/python bench/run.py --orders $(BENCH_ORDERS) $(BENCH_ARGS)

bench-mariadb: install mariadb-up
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-$(BENCH_MARIADB_URL)} $(BIN)/python bench/run.py --orders $(BENCH_ORDERS) $(BENCH_ARGS)

fuzz: install
	bash .ci/fuzz

client: install
	bash .ci/client

# Start the local Redis server if it is installed but not running (the two-server test needs it).
redis-up:
	@if command -v redis-cli >/dev/null 2>&1 && ! redis-cli ping >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1; then \
		echo "Starting Redis..."; redis-server --daemonize yes --bind 127.0.0.1 >/dev/null; \
		for i in $$(seq 1 20); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.5; done; \
	fi

test-scale: install mariadb-up redis-up
	SCALE_TESTS=1 DATABASE_URL=$${DATABASE_URL:-$(MARIADB_URL)} CACHE_URL=$${SCALE_CACHE_URL:-$(SCALE_REDIS_URL)} \
		$(BIN)/pytest scale_tests

clean:
	rm -rf $(VENV) staticfiles
