# The two commands of the README. Each one sets the machine up first (idempotent).
.PHONY: setup example serve test lint

setup:
	./scripts/setup.sh

# jianghan-2022.yaml holds only what the 2023 text reveals of 2022: it is the prior year, not a disclosure.
example: setup
	.venv/bin/budgetdoc check inputs/jianghan-2023.yaml
	.venv/bin/budgetdoc build inputs/jianghan-2023.yaml --out output --format html,pdf,docx,xlsx,json

# The web workbench on http://127.0.0.1:8000/ with its data (SQLite database, uploads) in ./data.
serve: setup
	.venv/bin/budgetdoc serve

test:
	./scripts/setup.sh --test
	.venv/bin/python -m pytest -q
	.venv/bin/ruff check models gen tests
	.venv/bin/mypy

lint:
	.venv/bin/ruff check models gen tests
	.venv/bin/mypy
