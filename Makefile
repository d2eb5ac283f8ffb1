# Every target bootstraps .venv on a fresh clone; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test chromium serve worker bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/circleup demo

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

# The browser tests (tests/browser) drive Debian's chromium, never a downloaded browser. Install it
# when we can (root with apt); when we cannot, say so and go on: those tests skip with the reason.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the browser tests (apt-get)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
			|| echo "could not install chromium; the browser tests will be skipped"; \
	fi

serve: $(STAMP)
	$(BIN)/circleup serve

worker: $(STAMP)
	$(BIN)/circleup worker

bench: $(STAMP)
	$(BIN)/python bench/receiver.py
	$(BIN)/python bench/discourse_budget.py
	$(BIN)/python bench/skills_normalize.py
	$(BIN)/python bench/skills.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/matching_quality.py

clean:
	rm -rf $(VENV) build *.egg-info  # never instance/: it holds the default database and queue
