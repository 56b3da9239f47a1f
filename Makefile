# motcua — `make help` lists the targets.
SHELL := /bin/bash
PG_URL ?= postgres://postgres@127.0.0.1:5432/motcua

.PHONY: help install demo test test-postgres lint format bench bench-postgres messages ci

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install: ## install the locked dependencies (uv sync)
	uv sync --locked

demo: ## run the demo: migrate, load Kon Tum data, web + worker on http://127.0.0.1:8000/
	uv run motcua demo

test: ## the whole test suite on SQLite (browser tests included)
	uv run pytest

test-postgres: ## the whole test suite on the local PostgreSQL
	DATABASE_URL=$(PG_URL) uv run pytest

lint: ## ruff lint + format check + import-linter contracts
	uv run ruff check . && uv run ruff format --check . && uv run lint-imports

format: ## format and autofix
	uv run ruff format . && uv run ruff check --fix .

bench: ## search benchmark on SQLite (20,000 procedures), prints figures
	uv run python bench/search.py --count 20000

bench-postgres: ## search benchmark on PostgreSQL
	DATABASE_URL=$(PG_URL)_bench uv run python bench/search.py --count 20000

.PHONY: bench-submission
bench-submission: ## online submission: 50 users x two 1 MB PDFs (locust) + upload memory, prints figures
	uv run python bench/submission.py $(BENCH_ARGS)

.PHONY: bench-backoffice
bench-backoffice: ## back-office queues, 10k / 100k / 1M dossiers on PostgreSQL (throwaway DB, ~15 min), prints figures
	uv run python bench/backoffice.py --database-url $(PG_URL)_bench_backoffice $(BENCH_ARGS)

messages: ## extract and compile translations (needs gettext)
	cd src/motcua && uv run motcua manage makemessages -l en --no-obsolete && uv run motcua manage compilemessages

ci: ## what CI runs
	bash .ci/run

.PHONY: bench-ipn
bench-ipn: ## payment IPNs: 1,000 orders, duplicates racing, 8 threads at gunicorn on PostgreSQL, prints figures
	uv run python bench/payments_ipn.py --database-url $(PG_URL)_bench_payments_ipn $(BENCH_ARGS)

.PHONY: bench-reconciliation
bench-reconciliation: ## reconcile a 100,000-line bank statement against 100,000 fee orders (SQLite; PG with BENCH_ARGS)
	uv run python bench/reconciliation.py $(BENCH_ARGS)

.PHONY: bench-reports
bench-reports: ## statistics: rollup rebuild and reports at 100k / 1M dossiers on PostgreSQL (throwaway DB, ~20 min)
	uv run python bench/reports.py --database-url $(PG_URL)_bench_reports $(BENCH_ARGS)

.PHONY: bench-api
bench-api: ## public API (catalogue search/detail, status lookup) against /healthz, same gunicorn, SQLite
	uv run python bench/api.py $(BENCH_ARGS)
