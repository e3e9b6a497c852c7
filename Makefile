# One task runner: `make test` is what CI runs and what a newcomer runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DB ?= corpus.db

.PHONY: demo test test-browser lint wheel-check install gazetteer train-cleaner train-reported bench bench-stages bench-writer bench-cluster bench-lines bench-instructions bench-clean bench-warc bench-quotes bench-actors bench-dedup bench-sniff crash-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/corpus ingest data/samples --db $(DB)
	$(BIN)/corpus query --actor "North Korea" --db $(DB) --format table

lint: $(VENV)/.installed
	$(BIN)/ruff check corpus_cli tests scripts

test: lint wheel-check
	$(BIN)/python -m pytest

# corpus as a user installs it: the wheel (not editable) in a fresh venv, run from outside the checkout.
wheel-check: $(VENV)/.installed
	rm -rf build dist .wheel-venv
	$(BIN)/python -m pip wheel -q --no-deps -w dist .
	$(PYTHON) -m venv .wheel-venv
	.wheel-venv/bin/python -m pip install -q dist/corpus_cli-*.whl
	cd "$$(mktemp -d)" && $(CURDIR)/.wheel-venv/bin/corpus ingest $(CURDIR)/data/samples --db w.db -q \
		&& $(CURDIR)/.wheel-venv/bin/corpus query --actor "North Korea" --db w.db --format jsonl | grep -q '"title"'
	# A broken install (package data gone) is one line naming the file and exit 70, never a database message.
	rm .wheel-venv/lib/python*/site-packages/corpus_cli/data/actors.json
	cd "$$(mktemp -d)" && { $(CURDIR)/.wheel-venv/bin/corpus ingest $(CURDIR)/data/samples --db w.db -q 2>err; \
		test $$? -eq 70; } && grep -q "corpus_cli/data/actors.json" err
	rm -rf build dist .wheel-venv

# Body-extraction quality on sites held out of every fit (skips with a message when ../shared is absent): HTML of
# aeb, dragnet and cleanportal through corpus ingest, and trafilatura's modes with the held-out choice of fallbacks
# (the first run extracts every page in each mode, about 10 CPU minutes, cached: make fit-html-choice); text dumps
# from make train-cleaner's folds (run that first).
bench-clean: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python scripts/bench_clean.py --shared $(SHARED)

# Refit when corpus runs trafilatura's fallback extractors on a page and when readability's or jusText's text
# replaces the body (corpus_cli/data/html_choice.json, train extra), five folds by site over $(SHARED)/bench; the
# first run extracts every page in each mode (about 12 CPU minutes, cached).
.PHONY: fit-html-choice
fit-html-choice: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	nice -n 10 $(BIN)/python scripts/fit_html_choice.py --shared $(SHARED) --write

# Where the HTML bodies lose on held-out sites (#22): their loss by part of the gold and of the body, bounds, and a
# learned post-cleaning of trafilatura's paragraphs held out by site (train extra; make fit-html-choice's cache).
.PHONY: html-errors
html-errors: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	nice -n 10 $(BIN)/python scripts/html_errors.py --shared $(SHARED)

# corpus serve in headless Chromium (installed with apt-get when missing): the search page, an article page, the
# actor facet and the canned queries of the samples' database are checked; screenshots in bench-out/browser/.
test-browser: $(VENV)/.installed
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		(apt-get update && apt-get install -y chromium)
	$(BIN)/python scripts/browser_check.py

# Refit the text cleaner's line model (corpus_cli/data/text_cleaner.json) on ../shared/bench, folds by site. Needs
# w3m, lynx and links (apt) and the train extra; the first run renders 1,603 pages five ways (cached in .train-cache/).
train-cleaner: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	nice -n 10 $(BIN)/python scripts/train_cleaner.py --shared $(SHARED)

# The text cleaner on dumps it was not fitted on (#22): each renderer held out of make train-cleaner's folds in turn
# (UNSEEN_ARGS="--leave-out w3m html2text" for two), and inscriptis dumps no model saw; figures in .train-cache/.
.PHONY: cleaner-unseen
cleaner-unseen: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	nice -n 10 $(BIN)/python scripts/cleaner_unseen.py --shared $(SHARED) $(UNSEEN_ARGS)

# The AEB pages of $(SHARED)/bench/aeb/html written into one WARC (under bench-out/, never committed) and ingested
# both ways: the same articles, the same content hashes (skips with a message when ../shared is absent).
bench-warc: $(VENV)/.installed
	$(BIN)/python scripts/bench_warc.py --shared $(SHARED)

# Throughput, scale (1,000 / 10,000 / 100,000 generated dumps), memory and query latency; the real pages of
# $(SHARED)/bench/aeb too (skipped with a message when absent). Long: see
# docs/performance.md, "Run times".
bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py --shared $(SHARED) $(BENCH_ARGS)
	$(BIN)/python scripts/bench_dedup_scale.py
	$(BIN)/python scripts/bench_cluster.py

# The local worker pool against a Dask LocalCluster of as many worker processes, on the same generated files.
bench-cluster: $(VENV)/.installed
	$(BIN)/python scripts/bench_cluster.py $(BENCH_CLUSTER_ARGS)

# Milliseconds per document of each pipeline stage, in one process, on generated text dumps and HTML pages; storage also without the full-text index and without boilerplate learning. HTML_EXTRACTION=fast|full times that
# mode of ingest's --html-extraction (default auto).
bench-stages: $(VENV)/.installed
	$(BIN)/python scripts/bench_stages.py $(if $(HTML_EXTRACTION),--html-extraction $(HTML_EXTRACTION))

# Articles a second the one writer sustains as its database grows (storing alone: docs/scaling.md). Long: see
# docs/performance.md, "Run times".
bench-writer: $(VENV)/.installed
	$(BIN)/python scripts/bench_writer.py $(BENCH_WRITER_ARGS)

# Microseconds a line of the text cleaner's checks on generated dumps; AGAINST=<another checkout> times it too, side by side.
bench-lines: $(VENV)/.installed
	$(BIN)/python scripts/bench_lines.py --shared $(SHARED) $(if $(AGAINST),--against $(AGAINST))

# Millions of instructions a document of each stage, counted by valgrind: counts drift far less than timings
# (docs/performance.md). AGAINST=<another checkout> counts it too, side by side; skips with a message without valgrind.
bench-instructions: $(VENV)/.installed
	$(BIN)/python scripts/bench_instructions.py $(if $(AGAINST),--against $(AGAINST))

# Near-duplicates: pairwise precision/recall/F1 and cost per article on sets built from $(SHARED) (skips with a
# message when absent). FIT=1 refits the thresholds on the sets' fit split into corpus_cli/data/dedup.json.
bench-dedup: $(VENV)/.installed
	$(BIN)/python scripts/build_dedup_sets.py --shared $(SHARED) --out bench-out/dedup
	$(BIN)/python scripts/bench_dedup.py --sets bench-out/dedup $(if $(FIT),--fit)

# (Their own .PHONY line: fewer conflicts when others add targets.)
.PHONY: bench-dedup-scale bench-dedup-cost

# Near-duplicate candidate search at 1,000, 10,000 and 100,000 generated articles stored through the real writer:
# milliseconds and candidates a lookup (flat: sublinear in the corpus). Also a step of make bench. A few minutes.
bench-dedup-scale: $(VENV)/.installed
	$(BIN)/python scripts/bench_dedup_scale.py $(BENCH_DEDUP_SCALE_ARGS)

# CPU time of ingesting the AEB text dumps with and without near-duplicates, in turns (skips with a message when
# $(SHARED) is absent): what dedup adds, the median and spread of the rounds (docs/performance.md).
bench-dedup-cost: $(VENV)/.installed
	$(BIN)/python scripts/bench_dedup_cost.py --shared $(SHARED) $(if $(ROUNDS),--rounds $(ROUNDS))

# Rebuild corpus_cli/data/actors.json from pycountry + countryinfo + babel (CLDR) + data/actors_curated*.json,
# calendar.json (month and weekday names, CLDR) and first_names.json (pymorphy3's dictionaries and nomquamgender's
# name counts; takes minutes).
gazetteer: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[gazetteer]'
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/build_calendar.py
	$(BIN)/python scripts/build_first_names.py

# Quote precision/recall/F1 and speaker accuracy on the labelled sets tests/data/quotes_gold.json (English) and
# tests/data/quotes_uk_ru.json (Ukrainian and Russian), then PolNeAR dev when $(SHARED) has it.
# Fit which words head a cue and which reported-speech candidates are kept on PolNeAR train (held out by
# publisher); TAGGER=1 fits the sequence tagger too (python-crfsuite, train extra; about 30 minutes); WRITE=1 ships
# the models.
train-reported: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	nice -n 10 $(BIN)/python scripts/train_reported.py --shared $(SHARED) $(if $(TAGGER),--tagger) $(if $(WRITE),--write)

.PHONY: train-reported-encoder fit-reported-filter
# Fine-tune the reported-speech tagger (all-MiniLM-L6-v2, every weight) on all of PolNeAR train, four epochs (each of
# the second to the fourth paid on both held-out folds; about 15 CPU minutes an epoch on one thread; torch and
# transformers from the train-encoder extra, 750 MB; TORCH_INDEX=URL to take torch from another index, a CPU-only one;
# EPOCHS=N for another count), then export it for numpy to corpus_cli/data/reported_encoder.npz: int8 rows and the
# pieces met twice or more in train's text (the smallest file within 0.005 F1 of float32 on both held-out folds).
# Held-out runs and their scores: scripts/train_reported_encoder.py --publishers-out, train_reported_encoder_score.py.
EPOCHS ?= 4
FOLD_MODELS = $(foreach p,politico breitbart,--model $(p)=.train-cache/encoder/$(p)-e$(EPOCHS).npz)
train-reported-encoder: $(VENV)/.installed
	$(BIN)/python -m pip install -q $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) -e '.[train-encoder]'
	nice -n 10 $(BIN)/python scripts/train_reported_encoder.py --shared $(SHARED) --out .train-cache/encoder/all.pt \
		--epochs $(EPOCHS)
	test ! -e .train-cache/encoder/all.pt || $(BIN)/python scripts/export_reported_encoder.py \
		.train-cache/encoder/all.pt corpus_cli/data/reported_encoder.npz --quantize int8 \
		--prune-from $(SHARED) --min-count 2

# The run filter that --reported encoder keeps runs by (corpus_cli/data/reported_encoder_filter.json): the recipe
# above without politico, then without Breitbart (about an hour of CPU each), exported as shipped, each reading the
# publisher it never saw; scripts/fit_reported_filter.py fits the filter on those runs and scores it held out.
fit-reported-filter: $(VENV)/.installed
	$(BIN)/python -m pip install -q $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) -e '.[train-encoder]'
	for p in politico breitbart; do \
		nice -n 10 $(BIN)/python scripts/train_reported_encoder.py --shared $(SHARED) --publishers-out $$p \
			--epochs $(EPOCHS) --out .train-cache/encoder/$$p-e$(EPOCHS).pt || exit 1; \
		test ! -e .train-cache/encoder/$$p-e$(EPOCHS).pt || $(BIN)/python scripts/export_reported_encoder.py \
			.train-cache/encoder/$$p-e$(EPOCHS).pt .train-cache/encoder/$$p-e$(EPOCHS).npz --quantize int8 \
			--prune-from $(SHARED) --min-count 2 --hold-out $$p || exit 1; \
	done
	test ! -e .train-cache/encoder/breitbart-e$(EPOCHS).npz || OPENBLAS_NUM_THREADS=1 nice -n 10 $(BIN)/python \
		scripts/fit_reported_filter.py --shared $(SHARED) $(FOLD_MODELS)

# REPORTED=encoder: PolNeAR's reported speech as `corpus ingest --reported encoder` reads it.
bench-quotes: $(VENV)/.installed
	$(BIN)/python scripts/bench_quotes.py --shared $(SHARED) --reported $(or $(REPORTED),rules)

.PHONY: train-speakers
# Fit the model that picks a quote's speaker among its candidates on PolNeAR train (held out by publisher; prints
# the held-out figures, about 2 CPU minutes); WRITE=1 ships corpus_cli/data/speakers.json.
train-speakers: $(VENV)/.installed
	nice -n 10 $(BIN)/python scripts/train_speakers.py --shared $(SHARED) $(if $(WRITE),--write)

.PHONY: speaker-variants
# Other rankings of a quote's candidate speakers (no verb position, conjunctions, group features, fitting rate,
# a ranking fit, trees) against the shipped model, held out by publisher on PolNeAR train (train extra for the
# trees; about 2 CPU minutes).
speaker-variants: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[train]'
	nice -n 10 $(BIN)/python scripts/speaker_variants.py --shared $(SHARED)

# Precision/recall of actor mentions on the labelled sentences in tests/data/actors_gold.json; then countries and
# people on $(SHARED)/bench/ner_uk_ru per language (needs the gazetteer extra; skipped with a message when absent).
bench-actors: $(VENV)/.installed
	$(BIN)/python scripts/bench_actors.py
	$(BIN)/python -m pip install -q -e '.[gazetteer]'
	$(BIN)/python scripts/bench_actors_i18n.py --shared $(SHARED)

# HTML page or text dump: the share of marked-up lines, fitted on the AEB pages and dumps, scored on dragnet's
# (skips with a message when ../shared is absent). FIT=1 writes corpus_cli/data/sniff.json.
bench-sniff: $(VENV)/.installed
	$(BIN)/python scripts/fit_sniff.py --shared $(SHARED) $(if $(FIT),--write)

# kill -9 a 500-file ingest at 20 random moments; check integrity and that a re-run completes it exactly.
crash-test: $(VENV)/.installed
	$(BIN)/python scripts/crash_test.py --trials 20 --files 500

clean:
	rm -rf $(VENV) .wheel-venv build dist *.egg-info .pytest_cache .ruff_cache bench-out $(DB) $(DB)-wal $(DB)-shm $(DB).lock
