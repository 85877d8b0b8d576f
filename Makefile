# Math for Machine Learning Engineers: every command runs in a project-local .venv.
# Fresh machine: `make book` builds the site, `make test` runs every test.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

# One figure style for chapters, solutions and learners' notebooks; no hash randomness.
export MATPLOTLIBRC := $(CURDIR)/matplotlibrc
export PYTHONHASHSEED := 0
# One BLAS thread: on a small shared machine threaded BLAS makes small SVDs slow and its sums
# vary with the thread count; one thread is faster here and bit-for-bit repeatable.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# The repository the site's launch, download and source buttons point at: the one CI builds
# (REPOSITORY_URL=https://github.com/<owner>/<repo>), else _config.yml's.
REPOSITORY_URL ?=
export REPOSITORY_URL
BOOK_CONFIG := $(if $(REPOSITORY_URL),--config _build/_config.yml)
BOOK_BUILD := $(BIN)/jupyter-book build . -W -n --keep-going $(BOOK_CONFIG)
NBVAL      := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
# Two pytest workers (pytest-xdist), one test file each at a time: a notebook's cells share a
# kernel, and the browser tests share one browser. PYTEST_WORKERS=0 runs everything in-process.
PYTEST_WORKERS ?= 2
PARALLEL   := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

.PHONY: help venv book book-config test lint serve lab exercises solutions progress bench screenshots vendor clean

help:
	@echo "make book       build the site into _build/html (creates .venv on first use)"
	@echo "make test       run every test: lint, unit, sync, negative control, nbval, strict build, browser"
	@echo "make lint       ruff (lint and format) and codespell only: seconds"
	@echo "make lab        open JupyterLab on your copies of the exercises (my-work/); LAB_ARGS='--port 8899 --no-browser'"
	@echo "make progress   run your notebooks (a copy) and list which exercises pass; ARGS=--plan or --json"
	@echo "make serve      serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make exercises  regenerate exercises/ from solutions/ (authors)"
	@echo "make solutions  re-execute solution notebooks in place, regenerate exercises (authors; NB=path for one)"
	@echo "make bench      timings (as ratios), site size, Lighthouse vs a default Jupyter Book; BENCH_ARGS=--site-only"
	@echo "make screenshots every page in light and dark, laptop and phone, with contact sheets (after make book)"
	@echo "make vendor     re-create the vendored KaTeX and axe-core from npm (authors)"
	@echo "make clean      remove _build"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

book: $(STAMP) book-config
	$(BOOK_BUILD)
	@echo "The book is at file://$(CURDIR)/_build/html/index.html (or run: make serve)"

test: $(STAMP) lint
	$(BIN)/python -m mlmath.exercises --check
	$(MAKE) --no-print-directory book-config
	$(BOOK_BUILD)
	$(BIN)/python -m pytest $(PARALLEL) tests solutions $(NBVAL)

book-config:
ifneq ($(REPOSITORY_URL),)
	mkdir -p _build
	$(BIN)/python tools/book_config.py "$(REPOSITORY_URL)" > _build/_config.yml
endif

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

lab: $(STAMP)
	$(BIN)/python -m mlmath workspace
	NB_PYTHON_PREFIX=$(CURDIR)/$(VENV) bash .binder/postBuild  # chapters (.md) open as notebooks, as on Binder
	# Rooted at the repository, opened on my-work/: the links in your notebooks to the chapters
	# (which open as notebooks) and to the solutions work from inside JupyterLab.
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/my-work \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

progress: $(STAMP)
	$(BIN)/python -m mlmath progress $(ARGS)

exercises: $(STAMP)
	$(BIN)/python -m mlmath.exercises

solutions: $(STAMP)
	$(BIN)/python -m mlmath solutions $(NB)

# Lighthouse for `make bench` only (never `make test`): npm, pinned, into a cache folder.
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE_DIR     := _build/.bench-tools/lighthouse
export LIGHTHOUSE  := $(CURDIR)/$(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse
export CHROME_PATH ?= /usr/bin/chromium

bench: $(STAMP)
	@test -x $(LIGHTHOUSE) || npm install --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --silent \
		lighthouse@$(LIGHTHOUSE_VERSION) || echo "bench: could not install Lighthouse with npm; the bench will say so"
	$(BIN)/python tests/bench.py $(BENCH_ARGS)

screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

vendor:
	bash tools/vendor-web-assets.sh

clean:
	rm -rf _build
