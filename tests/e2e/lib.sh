# tests/e2e/lib.sh - sourced by every end-to-end test script.
# Gives: $SKYWEAVE (the binary), $T (a fresh temporary directory removed at exit),
# fail MSG, expect_fail CMD... (must exit non-zero), need_shared (skip when ../shared is absent),
# warn_chain (the offline chain of the warnings: sim -> track -> warn).
set -eu
: "${SKYWEAVE:?SKYWEAVE must point at build/skyweave}"
T=$(mktemp -d /tmp/sw_e2e.XXXXXX)
# the temporary folder goes at exit, unless SW_KEEP is set (to look at a failure)
rm_tmp() { if [ -n "${SW_KEEP:-}" ]; then echo "kept $T" >&2; else rm -rf "$T"; fi; }
trap rm_tmp EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_fail PATTERN CMD...: the command must fail and its stderr must contain PATTERN.
expect_fail() {
    pat=$1; shift
    if "$@" > "$T/out.txt" 2> "$T/err.txt"; then
        fail "expected failure from: $*"
    fi
    grep -q -- "$pat" "$T/err.txt" || { cat "$T/err.txt" >&2; fail "stderr of '$*' lacks '$pat'"; }
}
need_shared() {
    if [ ! -d "${SW_SHARED_DIR:-}/$1" ]; then
        echo "SKIP: ${SW_SHARED_DIR:-../shared}/$1 is absent (CI always has it)"
        exit 0
    fi
}
# warn_chain SCENARIO DIR AREAS [SIM_OPTION...]: `skyweave sim` (no pcap) -> `skyweave track`
# with the missile IMM at a 1 s output period (as a node's tracks) -> `skyweave warn` as JO, into
# DIR/sim/, DIR/tracks.csv and DIR/events.csv; a step that fails shows its log and fails the test.
warn_chain() {
    wc_scn=$1 wc_d=$2 wc_areas=$3
    shift 3
    mkdir -p "$wc_d"
    "$SKYWEAVE" sim --scenario "$wc_scn" --out "$wc_d/sim" --no-pcap "$@" > "$wc_d/sim.log" 2>&1 ||
        { cat "$wc_d/sim.log" >&2; fail "skyweave sim ($wc_d)"; }
    "$SKYWEAVE" track --plots "$wc_d/sim/plots.csv" --sensors "$wc_d/sim/sensors.yaml" --dim 3 \
        --max-speed 4000 --imm-ballistic --output-period 1 --out "$wc_d/tracks.csv" \
        2> "$wc_d/track.err" || { cat "$wc_d/track.err" >&2; fail "skyweave track ($wc_d)"; }
    "$SKYWEAVE" warn --tracks "$wc_d/tracks.csv" --areas "$wc_areas" --nation JO \
        --epoch 2026-03-01T06:00:00Z --out "$wc_d/events.csv" 2> "$wc_d/warn.err" ||
        { cat "$wc_d/warn.err" >&2; fail "skyweave warn ($wc_d)"; }
}
