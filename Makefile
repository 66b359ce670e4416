# The two commands of README.md: `make start` and `make test`.
.PHONY: start test lint bench

start:
	@scripts/bootstrap
	@scripts/start

test:
	@scripts/bootstrap
	@scripts/test

lint:
	@scripts/bootstrap
	.venv/bin/ruff check kabinet bench
	.venv/bin/ruff format --check kabinet bench
	.venv/bin/mypy

bench:
	@scripts/bootstrap requirements/bench.txt
	.venv/bin/python bench/worktime.py
