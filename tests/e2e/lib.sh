# tests/e2e/lib.sh - sourced by every end-to-end test script.
# Gives: $SKYWEAVE (the binary), $T (a fresh temporary directory removed at exit),
# fail MSG, expect_fail CMD... (must exit non-zero), need_shared (skip when ../shared is absent).
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
