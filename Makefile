# The user's entry points.  Everything else is Meson's job.
#
#   make run     install what is missing, build, create the demo database, serve it
#   make test    install what is missing, build with sanitizers, run every test
#   make bench   install what is missing, build optimized, run the benchmarks
#   make fuzz    install clang, run each fuzz target for FUZZ_SECONDS (default 60)

BUILD      ?= build
TEST_BUILD ?= build-test
DEMO_DB    ?= var/demo.db
PERSONS    ?= 1000000
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test bench fuzz clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	@meson setup $(BUILD) --buildtype=debugoptimized >/dev/null

$(TEST_BUILD)/build.ninja: | deps
	@meson setup $(TEST_BUILD) --buildtype=debug -Db_sanitize=address,undefined \
		-Db_lundef=false >/dev/null

build: deps $(BUILD)/build.ninja
	@ninja --quiet -C $(BUILD)

run: build
	@scripts/run-demo $(BUILD)/liudong $(DEMO_DB)

test: deps $(TEST_BUILD)/build.ninja
	@ninja --quiet -C $(TEST_BUILD)
	@scripts/run-tests $(TEST_BUILD)

bench: build
	@scripts/install-deps bench
	@bench/run.sh $(BUILD) $(PERSONS)

fuzz:
	@scripts/install-deps fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-fuzz
