# The two commands of the README. Everything lands in ./.venv (override: make VENV=/path/to/venv test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test schemas clean

demo: install
	$(BIN)/samachar demo

test: install-test
	$(BIN)/python -m pytest

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

schemas: install
	$(BIN)/samachar schemas

clean:
	rm -rf $(VENV) .pytest_cache samachar-data
