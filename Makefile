# Every target bootstraps .venv on a fresh clone; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test serve worker bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/circleup demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

serve: $(STAMP)
	$(BIN)/circleup serve

worker: $(STAMP)
	$(BIN)/circleup worker

bench: $(STAMP)
	$(BIN)/python bench/receiver.py --quick

clean:
	rm -rf $(VENV) instance build *.egg-info
