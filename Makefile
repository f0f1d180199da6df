# The platform's entry points. `make run` and `make test` work on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install translations messages migrate lint format worker beat clean

## run: set up, load demo data and serve at http://$(HOST):$(PORT) (SQLite, eager Celery)
run: export DEBUG ?= true
# Links in the emails it prints point at the address it serves.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install translations migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py recompute_dashboards
	$(BIN)/python manage.py build_open_data
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: set up and run the whole test suite (browser tests need /usr/bin/chromium)
test: export SECRET_KEY ?= insecure-key-for-the-test-suite-only
test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: the benchmark at small, medium and large scale on this machine's PostgreSQL and
## Redis (apt install wrk for throughput); prints the table, writes docs/performance.md
bench: export SECRET_KEY ?= insecure-key-for-the-benchmark-only
bench: install translations
	$(BIN)/python manage.py bench $(BENCH_ARGS)

## install: create the virtualenv and install the pinned dependencies
install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## translations: compile the interface catalogues (locale/*/LC_MESSAGES/django.po)
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
translations: $(CATALOGUES:.po=.mo)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	$(BIN)/pybabel --quiet compile --statistics -i $< -o $@

## messages: update the catalogues from the code after changing interface strings
## (needs GNU gettext: apt install gettext); see docs/translating.md
messages: export DEBUG ?= true
messages: install
	$(BIN)/python manage.py makemessages --no-obsolete --no-location $(foreach l,$(filter-out en,$(notdir $(wildcard locale/*))),-l $(l)) -i ".venv/*" -i "tests/*" -i "staticfiles/*" -i "opendata/*"

## migrate: create or update the database; migrations also load the Vision and the SDGs
migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_content

## lint: what CI checks besides the tests (check --deploy with production settings; bandit:
## medium and high findings fail, each remaining one is explained by a `# nosec` comment)
lint: export SECRET_KEY ?= insecure-key-for-checks-only
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	DEBUG=false HTTPS=true ALLOWED_HOSTS=vision.example.org \
	  SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/bandit --quiet --recursive . --severity-level medium --exclude "./.venv,./tests,*/migrations/*"

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## worker / beat: Celery processes for a deployment with REDIS_URL set
worker: install
	$(BIN)/celery -A vision worker -l info --concurrency 2

beat: install
	$(BIN)/celery -A vision beat -l info

clean:
	rm -rf $(VENV) staticfiles opendata .pytest_cache .ruff_cache

## screenshots: regenerate docs/screenshots/ (the home page, Kyrgyzstan's dashboard,
## Afghanistan's in Dari and Mongolia's in Mongolian, an editor's to-do page and the review
## queue at 1280 and 390 px wide) from the demo data, with /usr/bin/chromium
.PHONY: screenshots
screenshots: export SECRET_KEY ?= insecure-key-for-the-test-suite-only
screenshots: install translations
	mkdir -p docs/screenshots
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots VISION_REQUIRE_BROWSER=1 \
	  $(BIN)/python -m pytest tests/e2e/test_screenshots.py -q -p no:cacheprovider
