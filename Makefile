# make brief: build the briefing; make test: run the tests. The first run creates .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CONFIG ?= config.yaml
OUT    ?= build
PORT   ?= 8000

.PHONY: brief watch test lint check bench bench-stages golden images clean system-deps help eval eval-real eval-polnear

help:
	@echo "make brief   build $(OUT)/briefing.{md,html,pdf,docx} and facts.json from $(CONFIG)"
	@echo "make watch   rebuild on every change and serve the HTML with live reload (port $(PORT))"
	@echo "make test    run the test suite"
	@echo "make check   validate $(CONFIG) and verify every citation in $(OUT)/facts.json"
	@echo "make lint    ruff and mypy"
	@echo "make golden  regenerate the renderer golden files (review the diff)"
	@echo "make bench   time builds, extraction, 1k-100k articles and hostile text beside 0.2.1 (BASELINE=commit)"
	@echo "make bench-stages  time each stage of this checkout, and every hostile text shape"
	@echo "make images  draw the brief's pages as PNG into docs/images/ (for the README; needs pdftoppm)"
	@echo "make eval    score extraction on the gold files in tests/gold"
	@echo "make eval-real     score it on the real-article corpus (corpora/real; texts gathered apart)"
	@echo "make eval-polnear  score quotes on PolNeAR (POLNEAR=path to a clone of it)"
	@echo "make clean   remove $(OUT)/ and .venv/"

# The virtualenv is rebuilt when pyproject.toml changes.
# pip's chatter goes to .venv/install.log, shown only when the install fails.
$(BIN)/.installed: pyproject.toml
	@echo "setting up $(VENV) (first run only: installs the package and its tools)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -e '.[dev]' > $(VENV)/install.log 2>&1 || \
	  { tail -n 30 $(VENV)/install.log; echo "error: pip install failed; full log in $(VENV)/install.log"; exit 1; }
	@touch $@

# WeasyPrint subsets fonts with HarfBuzz's libharfbuzz-subset when present (fast) and falls back
# to fontTools otherwise (about 0.3 s slower per PDF). Install it where we can; say so where not.
system-deps:
	@if ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing libharfbuzz-subset0 (fast font subsetting for WeasyPrint)"; \
	  (apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1)) || \
	  echo "note: could not install libharfbuzz-subset0; PDFs still build, a little slower"; \
	else echo "note: install libharfbuzz-subset0 (Debian/Ubuntu: sudo apt-get install libharfbuzz-subset0) for faster PDFs"; fi

brief: $(BIN)/.installed system-deps
	$(BIN)/briefing build $(CONFIG) --out $(OUT)

watch: $(BIN)/.installed system-deps
	$(BIN)/briefing watch $(CONFIG) --out $(OUT) --port $(PORT)

check: $(BIN)/.installed
	$(BIN)/briefing check $(CONFIG) --out $(OUT)

test: $(BIN)/.installed system-deps
	$(BIN)/pytest -q

golden: $(BIN)/.installed
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_render.py
	git diff --stat tests/golden

eval: $(BIN)/.installed
	@for gold in tests/gold/*.yaml; do $(BIN)/briefing eval $$gold --summary; echo; done

# The real-article corpus: its texts are third-party pages, kept out of git (corpora/real/README.md).
# The test third is scored without its sentences: read only the dev split's misses.
eval-real: $(BIN)/.installed
	@$(BIN)/python tools/real_corpus.py corpora/real
	$(BIN)/briefing eval corpora/real/gold-dev.yaml
	$(BIN)/briefing eval corpora/real/gold-test.yaml --summary

# PolNeAR (github.com/networkdynamics/PolNeAR): converted from a clone you keep; never committed.
POLNEAR ?=
eval-polnear: $(BIN)/.installed
	@if [ -z "$(POLNEAR)" ] || [ ! -f "$(POLNEAR)/data/metadata.tsv" ]; then \
	  echo "error: give the folder of a PolNeAR clone: make eval-polnear POLNEAR=path/to/PolNeAR"; exit 2; fi
	$(BIN)/python tools/polnear_gold.py $(POLNEAR) train corpora/polnear/train
	$(BIN)/python tools/polnear_gold.py $(POLNEAR) dev corpora/polnear/dev
	$(BIN)/briefing eval corpora/polnear/train/gold.yaml --summary
	$(BIN)/briefing eval corpora/polnear/dev/gold.yaml --summary

lint: $(BIN)/.installed
	$(BIN)/ruff check briefing tests tools
	$(BIN)/mypy

# make bench: every figure of issue 15 beside 0.2.1 (BASELINE), on this machine, in one run
# (about half an hour: the 100,000-article build is most of it; SIZES=1000,10000 for less).
# make bench-stages: this checkout alone, each stage of a build, and every hostile shape.
BASELINE ?= b8b8c6e
SIZES    ?= 1000,10000,100000
bench: $(BIN)/.installed system-deps
	$(BIN)/python tools/bench_beside.py $(CONFIG) --baseline $(BASELINE) --sizes $(SIZES)

bench-stages: $(BIN)/.installed system-deps
	$(BIN)/python -m briefing.bench $(CONFIG)
	$(BIN)/python -m briefing.bench_text

# The brief's two pages as the README shows them (poppler's pdftoppm: apt-get install poppler-utils).
images: brief
	@command -v pdftoppm >/dev/null || { echo "error: make images needs pdftoppm; install poppler-utils (Debian: apt-get install poppler-utils)"; exit 2; }
	@mkdir -p docs/images
	pdftoppm -png -r 60 -f 1 -l 2 $(OUT)/briefing.pdf docs/images/brief
	@ls docs/images/brief-*.png

clean:
	rm -rf $(OUT) $(VENV) *.egg-info
