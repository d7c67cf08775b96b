# skyweave - top-level wrapper around CMake.
#   make          build build/skyweave
#   make test     install dependencies, build, run every test (unit + end-to-end)
#   make demo     install dependencies, build, run the main job on the embedded scenario
#   make bench    build and run the benchmarks (figures, not pass/fail)
#   make fuzz     build the libFuzzer harnesses with clang and run each for FUZZ_SECONDS
#   make asan     unit tests built with -fsanitize=address,undefined
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
DEMO_ARGS ?=
FUZZ_SECONDS ?= 60
CMAKE_ARGS ?=

.PHONY: all build deps test demo bench fuzz asan clean

all: build

deps:
	@sh scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: deps
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps
	@$(MAKE) --no-print-directory build
	./$(BUILD)/skyweave demo $(DEMO_ARGS)

bench: build
	sh bench/run-all.sh $(BUILD)

asan:
	cmake -S . -B build-asan -DSW_SANITIZE=ON -DSW_UNIT_ONLY=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS) -L unit

fuzz:
	cmake -S . -B build-fuzz -DSW_FUZZ=ON -DSW_UNIT_ONLY=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS)
	sh fuzz/run-all.sh build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
