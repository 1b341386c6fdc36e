# curation — every task of the project is one target here. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
WORKER_QUEUES := urgent,thumbnails,renditions,housekeeping

.DEFAULT_GOAL := help
.PHONY: help install run worker test lint bench bench-renditions bench-gallery bench-sequencer bench-library bench-load bench-consent bench-uploads bench-ingest bench-loupe bench-show drill messages clean

help:
	@echo "make run     install, migrate, load the demo exhibition, start the web server and a Celery worker"
	@echo "make test    run the whole test suite (on DATABASE_URL/REDIS_URL when set, else embedded defaults)"
	@echo "make lint    ruff, the layer contracts (import-linter), migrations check, docker-compose check"
	@echo "make bench   run every benchmark (results in var/bench/)"
	@echo "make messages  refresh the Russian and Kazakh catalogues (locale/) and compile them"
	@echo "make drill   fault drills: kill workers, restart Redis, freeze storage (results in var/bench/drill.json)"

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@# The IIIF tests' validator: its releases pin an older Pillow, which its models never touch.
	$(BIN)/python -m pip install --quiet --no-deps iiif-prezi3==3.1.1
	@touch $(STAMP)

run: export DJANGO_DEBUG := 1
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_load
	@echo ""
	@echo "  Curation is starting on http://127.0.0.1:8000/  (Ctrl-C stops the web server and the worker)"
	@echo ""
	@$(BIN)/celery -A curation worker --beat --loglevel=INFO --concurrency=2 -Q $(WORKER_QUEUES) & worker=$$!; \
	trap 'trap - INT TERM EXIT; kill -TERM $$worker 2>/dev/null; wait $$worker' INT TERM EXIT; \
	$(MANAGE) runserver 127.0.0.1:8000

# Development targets run with DEBUG on unless told otherwise: with DEBUG off the settings require DJANGO_SECRET_KEY.
worker: export DJANGO_DEBUG ?= 1
worker: install
	$(BIN)/celery -A curation worker --beat --loglevel=INFO -Q $(WORKER_QUEUES)

# The fast tier runs on TEST_JOBS processes; the tests that start real processes (a Celery worker, Chromium, the
# S3 server) run after it in one process, so each of those is started once. Exit code 5 is "nothing selected"
# (a PYTEST_ARGS filter that picks tests of one tier only).
TEST_JOBS ?= 2
PROCESS_TIER := browser or worker or s3
test: install
	@$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadscope -m "not ($(PROCESS_TIER))" $(PYTEST_ARGS); \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ] || exit $$status
	@$(BIN)/python -m pytest -m "$(PROCESS_TIER)" $(PYTEST_ARGS); \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ] || exit $$status

lint: export DJANGO_DEBUG ?= 1
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -q tests/test_compose.py

bench: bench-renditions bench-gallery bench-sequencer bench-library bench-load bench-consent bench-uploads bench-ingest bench-loupe bench-show

bench-renditions: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[bench]'
	$(BIN)/python bench/renditions.py $(BENCH_ARGS)

bench-gallery: install
	$(BIN)/python bench/gallery.py $(BENCH_ARGS)

bench-sequencer: install
	$(BIN)/python bench/sequencer.py $(BENCH_ARGS)

bench-library: install
	$(BIN)/python bench/library.py $(BENCH_ARGS)

bench-load: install
	$(BIN)/python bench/load.py $(BENCH_ARGS)

bench-consent: install
	$(BIN)/python bench/consent.py $(BENCH_ARGS)

bench-uploads: install
	$(BIN)/python bench/uploads.py $(BENCH_ARGS)

# 300 camera-like 24 MP JPEGs through the upload endpoint, on the embedded defaults and on PostgreSQL + Redis
# (quick: BENCH_ARGS="--photos 40").
bench-ingest: install
	$(BIN)/python bench/ingest.py $(BENCH_ARGS)

# From the → key to the next 24 MP frame painted in the loupe, in Chromium.
bench-loupe: install
	$(BIN)/python bench/loupe.py $(BENCH_ARGS)

bench-show: install
	$(BIN)/python bench/show.py $(BENCH_ARGS)

drill: install
	$(BIN)/python bench/drill.py $(DRILL_ARGS)

messages: export DJANGO_DEBUG ?= 1
messages: install
	$(MANAGE) makemessages -l ru -l kk --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf var/test var/screenshots var/bench
