# The two commands of the README:
#   make serve   install everything and preview the example site at http://127.0.0.1:8000
#   make test    install what the tests need (Chromium, axe-core, Python packages) and run them all
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test figures system-packages

$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch is pinned to the CPU build; requirements.lock pins every transitive package.
	$(PY) -m pip install -q -c requirements.lock -e '.[test]'
	touch $@

# --dirty: after an edit, only the pages whose data changed are rebuilt (README, "The loop").
serve: $(VENV)/.installed
	$(VENV)/bin/mkdocs serve --dirty

build: $(VENV)/.installed
	$(VENV)/bin/mkdocs build --strict

figures: $(VENV)/.installed
	$(PY) -m reference_impl.figures

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here);
# axe-core comes from npm and runs inside the page.
system-packages:
	command -v chromium >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund

test: system-packages $(VENV)/.installed
	$(PY) -m pytest
