#!/bin/sh
# Runs every fuzz harness built in $1 for $2 seconds each, seeded from fuzz/corpus/NAME
# (plus any seed directories the harness's seeds file lists; a missing one is skipped), and
# prints executions, executions per second and crashes. FUZZ_SEED (default 1) makes a run
# repeatable on one machine; FUZZ_SEED=0 lets libFuzzer pick one.
set -eu
build=${1:-build-fuzz}
secs=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
# seeds files name shared folders as $SW_SHARED_DIR/...: default to ../shared beside the repo
: "${SW_SHARED_DIR:=$(cd "$here/../.." && pwd)/shared}"
export SW_SHARED_DIR
status=0
found=0
for h in "$build"/fuzz/fuzz_*; do
    [ -x "$h" ] || continue
    found=1
    name=$(basename "$h")
    work="$build/fuzz/work-$name"
    mkdir -p "$work/corpus" "$work/artifacts"
    seeds=""
    [ -d "$here/corpus/$name" ] && seeds="$here/corpus/$name"
    if [ -f "$here/$name.seeds" ]; then
        while read -r d; do
            case "$d" in ''|'#'*) continue ;; esac
            d=$(eval echo "$d")
            [ -d "$d" ] && seeds="$seeds $d"
        done < "$here/$name.seeds"
    fi
    # fuzz/NAME.options: extra libFuzzer flags for that harness (e.g. -max_len=4096)
    opts=""
    [ -f "$here/$name.options" ] && opts=$(grep -v '^#' "$here/$name.options" | tr '\n' ' ')
    echo "== $name for ${secs}s (seeds: ${seeds:-none}) $opts"
    # shellcheck disable=SC2086
    if ! "$h" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
        $opts "$work/corpus" $seeds > "$work/log.txt" 2>&1; then
        echo "!! $name found a crash; see $work/log.txt and $work/artifacts/"
        tail -30 "$work/log.txt"
        status=1
    fi
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb' "$work/log.txt" || true
done
[ $found = 1 ] || echo "no fuzz harnesses built"
exit $status
