# Two commands set up a fresh machine (Python 3.11+, pip):
#   make demo   – install into .venv and run the main job on the shipped corpus (writes out/)
#   make test   – install into .venv, run the checks (make lint, make docs) and the test suite
#   make lint   – ruff check and mypy on the public API (settings in pyproject.toml); formatting is not enforced
#   make docs   – build the documentation site into site/ (mkdocs.yml; --strict: a broken link fails)
# torch is pinned to the CPU build first, so that stanza/bertopic do not pull a multi-GB CUDA build.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup demo test lint docs bench clean

setup: $(VENV)/.installed

# setup.py and the .pyx kernels: a changed kernel is compiled again on the next make
$(VENV)/.installed: pyproject.toml setup.py $(wildcard src/framing/nlp/_*.pyx)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[all,test]"
	touch $@

demo: setup
	$(VENV)/bin/framing analyze corpora/demo -o out

test: setup lint docs
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

docs: setup
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet

clean:
	rm -rf out site .pytest_cache .mypy_cache .ruff_cache
