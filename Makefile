# One task runner: the README's commands and CI call these.
.PHONY: setup test lint demo bench

setup:
	test -x .venv/bin/python || python3 -m venv .venv
	.venv/bin/python -m pip install -q -e '.[test,dev]'

test:
	bash scripts/test

lint: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/mypy

demo: setup
	.venv/bin/dayone demo

bench: setup
	.venv/bin/python benchmarks/web.py
