# Sakshya: the two commands.
#   make run   - install what is missing, build, migrate, seed the demo, serve
#   make test  - install what is missing, start PostgreSQL, fmt + clippy + tests on SQLite and PostgreSQL

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
BIN := $(CARGO_TARGET_DIR)/release/sakshya

# Debian packages needed to build and run: C toolchain for bundled SQLite
# and ring, libpq for diesel's PostgreSQL backend, FFmpeg 5.1's libraries
# and clang for ffmpeg-next, and the font the demo footage's caption uses.
BUILD_PACKAGES := build-essential pkg-config libpq-dev ca-certificates clang libclang-dev \
	libavformat-dev libavcodec-dev libavutil-dev libavfilter-dev libavdevice-dev libswscale-dev libswresample-dev \
	fonts-dejavu-core
# Extra packages the test suite needs: PostgreSQL, the stock ffmpeg and
# ffprobe tools the tests use to check clips independently, and Python's
# venv and curl for the SeaweedFS S3 server the tests run against, and
# openssl, sha256sum (coreutils) and pdftotext (poppler-utils), the stock
# tools the evidence-package tests verify with, and Chromium with
# chromedriver for the browser tests, and GStreamer's RTSP server with its
# Python bindings (for Debian's /usr/bin/python3) for the test NVR.
TEST_PACKAGES := postgresql ffmpeg python3-venv curl openssl poppler-utils chromium chromium-driver \
	python3-gi python3-gst-1.0 gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base \
	gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-rtsp
# Where the running test S3 server's address and credentials are kept.
S3_ENV := $(CURDIR)/target/.s3-test.env

# The PostgreSQL server the tests create their databases on.
SAKSHYA_TEST_PG_URL ?= postgres://postgres:postgres@127.0.0.1:5432/postgres
export SAKSHYA_TEST_PG_URL

# Root runs apt-get and pg_ctlcluster directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" -ne 0 ] && echo sudo)

.PHONY: help run test bench bench-pull build deps test-deps toolchain postgres fmt lint suites fuzz soak fuzz-targets audit

help:
	@echo "make run    build and start Sakshya with SQLite, the local store and demo data"
	@echo "make test   run formatting, lints and the whole test suite on SQLite and PostgreSQL"
	@echo "make bench  benchmark clip extraction and hashing against ffmpeg and openssl"
	@echo "make bench-pull  benchmark pulling an hour from the test NVR against ffmpeg"
	@echo "make fuzz   fuzz the parsers (libFuzzer 5 minutes and 20,000 proptest cases each) and the API (schemathesis, 5 minutes per role)"
	@echo "make soak   ten minutes of mixed load against the real server"

# Installs the Debian packages in $(1) that are not installed yet.
define apt_ensure
	missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps: toolchain
	@$(call apt_ensure,$(BUILD_PACKAGES))

test-deps: deps
	@$(call apt_ensure,$(TEST_PACKAGES))
	@cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

toolchain:
	@command -v cargo >/dev/null || { echo "error: Rust is not installed. Install Rust 1.85 or newer with rustup (https://rustup.rs), then re-run make." >&2; exit 1; }

build: deps
	cargo build --release --locked

# The demo NVR: GStreamer's RTSP server (Debian's Python bindings) serving
# the demo NVR cameras' recordings on 127.0.0.1:$(DEMO_NVR_PORT).
NVR_PACKAGES := python3-gi python3-gst-1.0 gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base \
	gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-rtsp ffmpeg
DEMO_NVR_PORT ?= 8554

run: build
	@$(call apt_ensure,$(NVR_PACKAGES))
	@mkdir -p data
	@$(BIN) migrate
	@SAKSHYA_DEMO_NVR_PORT=$(DEMO_NVR_PORT) $(BIN) demo
	@data=$${SAKSHYA_DATA_DIR:-./data}; \
	mkdir -p $$data/demo-nvr/nvr/ch1 $$data/demo-nvr/nvr/ch2; \
	/usr/bin/python3 tests/support/test_nvr.py --port $(DEMO_NVR_PORT) --user sakshya-demo \
	  --password-file $$data/demo-nvr/password \
	  --channel 1=$$data/demo-nvr/nvr/ch1 --channel 2=$$data/demo-nvr/nvr/ch2 \
	  > $$data/demo-nvr.log 2>&1 & nvr=$$!; \
	trap 'kill $$nvr 2>/dev/null' EXIT; \
	echo; \
	echo "Sakshya: http://$${SAKSHYA_BIND:-127.0.0.1:8080}   demo logins: $$data/demo-credentials.json"; \
	echo "(operators and admins also need the TOTP code for the secret listed there)"; \
	echo "demo NVR (cameras NVR-CH1, NVR-CH2; footage pulled over RTSP): rtsp://127.0.0.1:$(DEMO_NVR_PORT), log $$data/demo-nvr.log"; \
	echo; \
	SAKSHYA_DEMO_NVR_PORT=$(DEMO_NVR_PORT) SAKSHYA_DEMO_RECORDER=$${SAKSHYA_DEMO_RECORDER:-true} $(BIN) serve

# Extraction against `ffmpeg -c copy`, SHA-256 against `openssl speed`.
bench: build
	$(BIN) bench extract

# An hour pulled from the test NVR by ONVIF replay against `ffmpeg -c copy`.
bench-pull: build
	@$(call apt_ensure,$(NVR_PACKAGES))
	$(BIN) bench pull

# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and that the
# test URL can log in: starts a stopped cluster, creates one if none exists,
# and sets the postgres user's password if password login is refused.
postgres: test-deps
	@if ! pg_lsclusters -h 2>/dev/null | grep -q .; then \
	  ver=$$(ls /usr/lib/postgresql | sort -V | tail -1); \
	  echo "creating PostgreSQL $$ver cluster"; $(SUDO) pg_createcluster "$$ver" main; \
	fi
	@pg_lsclusters -h | while read -r ver name port status _; do \
	  if [ "$$status" != online ]; then echo "starting PostgreSQL $$ver/$$name"; \
	    $(SUDO) pg_ctlcluster --skip-systemctl-redirect "$$ver" "$$name" start; fi; \
	done
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@pg_isready -h 127.0.0.1 -p 5432
	@if ! psql "$(SAKSHYA_TEST_PG_URL)" -qtAc 'select 1' >/dev/null 2>&1; then \
	  echo "setting the postgres user's password for the tests"; \
	  if [ "$$(id -u)" = 0 ]; then as_pg="runuser -u postgres --"; else as_pg="sudo -u postgres"; fi; \
	  (cd / && $$as_pg psql -qc "ALTER USER postgres PASSWORD 'postgres'"); \
	  psql "$(SAKSHYA_TEST_PG_URL)" -qtAc 'select 1' >/dev/null; \
	fi

fmt: test-deps
	cargo fmt --all -- --check
	cargo fmt --manifest-path tests/fuzz/Cargo.toml -- --check

lint: test-deps
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --test scale_out -- -D warnings

# The whole suite on each database (SQLite, PostgreSQL) and each evidence
# store (local, S3 on a SeaweedFS server started here and stopped after).
# Tests that use neither (the library's unit tests, FFmpeg's `media::`
# tests and the parser fuzzing) run in the first combination only.
# The alert email tests start their own aiosmtpd (PyPI, hash pinned) with
# the Python this installs.
suites: postgres
	@mkdir -p $(dir $(S3_ENV))
	@tests/support/seaweedfs.sh stop $(S3_ENV)
	@tests/support/seaweedfs.sh start $(S3_ENV)
	@trap 'tests/support/seaweedfs.sh stop $(S3_ENV)' EXIT; . $(S3_ENV); \
	export SAKSHYA_TEST_SMTP_PYTHON=$$(tests/support/aiosmtpd.sh python); \
	first=yes; for db in sqlite postgres; do for store in fs s3; do \
	  echo "=== tests: database $$db, evidence store $$store"; \
	  if [ $$first = yes ]; then \
	    SAKSHYA_TEST_DB=$$db SAKSHYA_TEST_STORE=$$store cargo test --locked || exit 1; \
	  else \
	    SAKSHYA_TEST_DB=$$db SAKSHYA_TEST_STORE=$$store cargo test --locked --test api -- \
	      --skip media:: --skip parser_fuzz:: || exit 1; \
	  fi; first=no; \
	done; done; \
	echo "=== scale-out: two servers and two workers on PostgreSQL and S3"; \
	SAKSHYA_TEST_DB=postgres SAKSHYA_TEST_STORE=s3 cargo test --locked --test scale_out; \
	echo "=== API fuzzing (schemathesis, $(FUZZ_SECONDS) s per role) and secrets in the log"; \
	cargo build --locked; \
	tests/support/schemathesis.sh $(CARGO_TARGET_DIR)/debug/sakshya $(FUZZ_SECONDS)

# Seconds of schemathesis per role: a bounded run in `make test`, a long
# one in `make fuzz`.
FUZZ_SECONDS ?= 15
FUZZ_LONG_SECONDS ?= 300

# Ten minutes of mixed traffic from wrk against the real server: zero
# errors, and the server's memory printed every 10 s.
soak: build
	@$(call apt_ensure,wrk)
	RUST_LOG=warn $(BIN) bench load --seconds 600

fuzz: test-deps
	SAKSHYA_FUZZ_CASES=20000 cargo test --locked --test api -- parser_fuzz
	$(MAKE) fuzz-targets FUZZ_TARGET_SECONDS=$(FUZZ_LONG_SECONDS) FUZZ_PROFILE=--release
	cargo build --locked
	tests/support/schemathesis.sh $(CARGO_TARGET_DIR)/debug/sakshya $(FUZZ_LONG_SECONDS)

# cargo-fuzz (libFuzzer) over the parsers of untrusted input in
# tests/fuzz, FUZZ_TARGET_SECONDS each. cargo-fuzz hands rustc nightly-only
# flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain take them. No
# sanitizer: the targets are safe Rust over FFmpeg's prebuilt libraries.
# The corpus grows outside the clone; a crash fails the run and leaves its
# input in tests/fuzz/artifacts.
FUZZ_TARGETS := signed_note checkpoint tlog_proof manifest upload_probe
FUZZ_TARGET_SECONDS ?= 20
CARGO_FUZZ_VERSION := 0.13.2
FUZZ := RUSTC_BOOTSTRAP=1 cargo fuzz
# `make test` builds the targets unoptimised (--dev: the optimised build,
# one codegen unit per crate, was a third of a cold CI run); `make fuzz`
# optimised, for more executions per second. Both check overflows.
FUZZ_PROFILE ?= --dev
FUZZ_FLAGS := --fuzz-dir tests/fuzz -s none $(FUZZ_PROFILE) --target-dir $(CARGO_TARGET_DIR)/fuzz
fuzz-targets: deps
	@cargo fuzz --version 2>/dev/null | grep -q "$(CARGO_FUZZ_VERSION)" || cargo install --locked cargo-fuzz --version $(CARGO_FUZZ_VERSION)
	$(FUZZ) build $(FUZZ_FLAGS)
	@for t in $(FUZZ_TARGETS); do \
	  echo "=== cargo fuzz: $$t, $(FUZZ_TARGET_SECONDS) s"; \
	  mkdir -p $(CARGO_TARGET_DIR)/fuzz-corpus/$$t; \
	  log=$(CARGO_TARGET_DIR)/fuzz-$$t.log; \
	  if ! $(FUZZ) run $(FUZZ_FLAGS) $$t $(CARGO_TARGET_DIR)/fuzz-corpus/$$t tests/fuzz/seeds/$$t -- \
	      -max_total_time=$(FUZZ_TARGET_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 >$$log 2>&1; then \
	    tail -n 60 $$log; echo "cargo fuzz: $$t failed (input saved under tests/fuzz/artifacts/$$t)"; exit 1; \
	  fi; \
	  grep -E "^stat::(number_of_executed_units|new_units_added)" $$log; \
	done

# The dependency policy in deny.toml: licences, banned crates, sources,
# and advisories. The build machines cannot reach github.com, so the
# RustSec advisory database comes from the newest snapshot bundle in
# shared/data (ADVISORY_BUNDLE), cloned afresh into cargo-deny's db-path
# under the folder name cargo-deny derives from its default URL, and
# checked with --offline. No snapshot is a loud failure, never a skip.
CARGO_DENY_VERSION := 0.20.2
ADVISORY_BUNDLE ?= $(lastword $(sort $(wildcard $(CURDIR)/../shared/data/rustsec-advisory-db-*.bundle /work/shared/data/rustsec-advisory-db-*.bundle)))
ADVISORY_DB_ROOT := $(or $(CARGO_HOME),$(HOME)/.cargo)/advisory-dbs
ADVISORY_DB := $(ADVISORY_DB_ROOT)/advisory-db-3157b0e258782691
audit: toolchain
	@cargo deny --version 2>/dev/null | grep -q "$(CARGO_DENY_VERSION)" || cargo install --locked cargo-deny --version $(CARGO_DENY_VERSION)
	cargo deny check licenses bans sources
	@if [ -z "$(ADVISORY_BUNDLE)" ] || [ ! -f "$(ADVISORY_BUNDLE)" ]; then \
	  echo "error: no RustSec advisory snapshot (shared/data/rustsec-advisory-db-*.bundle); set ADVISORY_BUNDLE" >&2; exit 1; fi
	@echo "RustSec advisories from $(notdir $(ADVISORY_BUNDLE))"
	@mkdir -p "$(ADVISORY_DB_ROOT)" && rm -rf "$(ADVISORY_DB)" && git -c init.defaultBranch=main clone -q "$(ADVISORY_BUNDLE)" "$(ADVISORY_DB)"
	cargo deny --offline check advisories

test: fmt lint audit suites fuzz-targets
