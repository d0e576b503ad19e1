# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-dev

.PHONY: run test lint bench venv migrate clean playground lock

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(VENV)/bin/samverkan db upgrade

run: migrate
	$(VENV)/bin/samverkan run

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) -m bench

# requirements.lock: every runtime package pinned with hashes, for the Docker image and other servers.
# Run after any change to the dependencies in pyproject.toml (a test fails while the two disagree).
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--no-header --quiet --output-file requirements.lock

playground: $(STAMP)
	$(PY) tools/playground_run.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
