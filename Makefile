# Two commands do all the set-up (see README): `make build` and `make test`.
# Both install what they need first, so either one works on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGOSTRANSLATE := 1.11.0
AXE_CORE := 4.14.1
AXE := build/axe/node_modules/axe-core/axe.min.js
# System packages: Apertium (offline fallback engine), gettext (msgfmt checks the PO
# store), Java (EPUBCheck, Nu HTML Checker), poppler (PDF text checks), Chromium (browser
# tests), fonts for the editions (Noto, embedded in the PDFs), Pango for WeasyPrint,
# dictionaries that tell English from Spanish, French and Basque (pipeline/core/lexicon.py),
# Apertium's HTTP server (the apy engine's tests and bench/apy.py), a C++ compiler and CMake
# for llama-cpp-python (the llm engine's tests run a llama.cpp server), LibreOffice and Calibre
# (tests: real producers of the DOCX, ODT and EPUB `pipeline add` reads).
APT_PACKAGES := apertium apertium-fr-es apertium-eng-spa apertium-apy gettext default-jre-headless \
	poppler-utils chromium fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 \
	wbritish hunspell hunspell-es hunspell-fr hunspell-eu g++ cmake \
	libreoffice-writer-nogui calibre
# llama-cpp-python compiles llama.cpp from source: the CPU library only, on every core,
# without the multimodal library the tests do not use (4 minutes on 2 cores with these
# flags, 4.5-6 without; the server then runs the tests' tiny model).
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF

.PHONY: build test setup system lint docs clean

build: setup
	$(BIN)/pipeline build

test: setup lint docs
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The documentation site (mkdocs.yml, docs/): --strict makes a broken link or anchor an error.
docs: setup
	$(BIN)/mkdocs build --strict --site-dir build/site

setup: system $(VENV)/.installed $(AXE)

# axe-core, run in the tests' Chromium on the review page (tests/review/test_accessibility.py);
# Debian's npm only when no npm is there (a Node.js from elsewhere brings its own)
$(AXE):
	@command -v npm >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm; }
	npm install --prefix build/axe --no-save --no-audit --no-fund axe-core@$(AXE_CORE)

system:
	@if command -v apt-get >/dev/null 2>&1; then \
		missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
			echo "installing system packages:$$missing"; \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
		fi; \
	else \
		echo "no apt-get: install these packages (or your system's equivalents) yourself: $(APT_PACKAGES)"; \
	fi

$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/pip install -q -e '.[test,docs]'
	# argostranslate's own requirements pull in stanza and torch; its package module needs
	# only what pyproject.toml lists (ctranslate2, sentencepiece, packaging)
	$(BIN)/pip install -q --no-deps argostranslate==$(ARGOSTRANSLATE)
	touch $@

clean:
	rm -rf $(VENV) dist/*.epub dist/*.pdf dist/*.html build/site
