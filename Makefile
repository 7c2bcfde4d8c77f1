# The two commands of the README:
#   make serve   install the site's packages and preview the site (PORT=8001 picks the port)
#   make test    install what the tests need (Chromium, axe-core, every Python package) and run them all
# `make install` installs everything (the site, the figures' torch and matplotlib, the tests).
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build install test figures system-packages builders lock

# requirements/*.lock pin every package, the build backend included, with their hashes (pip
# refuses a file that differs from the one locked); torch is pinned to the CPU build. The
# project itself is then installed without its dependencies and with the locked setuptools.
INSTALL_PROJECT := $(PY) -m pip install -q --no-deps --no-build-isolation -e .
$(VENV)/.installed-site: pyproject.toml requirements/site.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements/site.lock
	$(INSTALL_PROJECT)
	touch $@

$(VENV)/.installed-all: $(VENV)/.installed-site requirements/test.lock
	$(PY) -m pip install -q --require-hashes -r requirements/test.lock
	$(INSTALL_PROJECT)
	touch $@

# After a change of the pins in pyproject.toml: the three locks again, every other pin kept as
# it is (pip-tools, in an environment of its own).
LOCK_TOOL := .venv-builders/pip-tools/bin/pip-compile
$(LOCK_TOOL):
	python3 -m venv .venv-builders/pip-tools
	.venv-builders/pip-tools/bin/python -m pip install -q pip-tools==7.7.0
lock: $(LOCK_TOOL)
	for use in site figures test; do \
	  $(LOCK_TOOL) -q --generate-hashes --strip-extras --no-header --no-emit-index-url --no-emit-find-links \
	    --unsafe-package colloquium --all-build-deps $$([ $$use = site ] || echo --extra $$use) \
	    -o requirements/$$use.lock pyproject.toml && \
	  sed -i '/^# WARNING: The following packages were not pinned/,$$d' requirements/$$use.lock; \
	done

install: $(VENV)/.installed-all

# --dirty: after an edit, only the pages whose data changed are rebuilt (README, "The loop").
# PORT=8001 picks the preview's port; by default the first free one from 8000.
PORT ?=
serve: $(VENV)/.installed-site
	@port=$$($(PY) -m colloquium.preview_port $(PORT)) && $(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:$$port

build: $(VENV)/.installed-site
	$(VENV)/bin/mkdocs build --strict

figures: $(VENV)/.installed-all
	$(PY) -m reference_impl.figures

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here);
# axe-core comes from npm and runs inside the page.
system-packages:
	command -v chromium >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund

# The builders that publish a site rendered by `colloquium render` (README, "Publishing with
# another builder"), each in an environment of its own: the tests build the example with each.
BUILDERS := .venv-builders
$(BUILDERS)/zensical/bin/zensical:
	python3 -m venv $(BUILDERS)/zensical
	$(BUILDERS)/zensical/bin/python -m pip install -q zensical==0.0.73
$(BUILDERS)/properdocs/bin/properdocs:
	python3 -m venv $(BUILDERS)/properdocs
	$(BUILDERS)/properdocs/bin/python -m pip install -q properdocs==1.6.7 mkdocs-material==9.8.1 pymdown-extensions==13.1

builders: $(BUILDERS)/zensical/bin/zensical $(BUILDERS)/properdocs/bin/properdocs

test: system-packages $(VENV)/.installed-all builders
	$(PY) -m pytest
