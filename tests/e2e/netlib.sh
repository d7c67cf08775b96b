# tests/e2e/netlib.sh - sourced by the network tests (test_net_*.sh) after lib.sh.
# Gives: $DOM (a DDS domain of this run), $PROBE, net_scenario ARGS, net_keys NATIONS [ARGS],
# net_config NATION NATIONS [EXTRA_YAML], node_start NATION [ARGS] (pid in $PID_<NATION>),
# node_stop NATION, scen_now (scenario seconds now), netscore ARGS.
SCEN="$SW_SOURCE_DIR/tests/net/net_scenario.py"
PROBE="$SW_BUILD_DIR/tests/net/sw_probe"
DOM=$(( ($$ % 180) + 20 ))
command -v python3 >/dev/null || { echo "SKIP: python3 is needed to make the scenario"; exit 0; }
NODE_PIDS=""
net_cleanup() {
    for p in $NODE_PIDS; do kill "$p" 2>/dev/null || true; done
    for p in $NODE_PIDS; do wait "$p" 2>/dev/null || true; done
}
trap 'net_cleanup; rm_tmp' EXIT

net_scenario() { python3 "$SCEN" "$T/scen" "$@"; }
net_keys() { n=$1; shift; "$SKYWEAVE" keys --nations "$n" --out "$T/keys" "$@" > /dev/null; }

# net_config NATION COALITION(comma list) [extra yaml lines]
net_config() {
    nat=$1; co=$(echo "$2" | sed 's/,/, /g'); extra=${3:-}
    cat > "$T/$nat.yaml" <<CFG
nation: $nat
coalition: [$co]
origin: [25.3, 51.5, 0]
inputs:
  - {type: tracks_csv, path: scen/tracks.csv}
dds: {domain: $DOM, lease_s: 3}
security: {dir: keys}
$extra
CFG
}

EPOCH=""
set_epoch() { EPOCH=$(date -u -d "+${1:-3} sec" +%Y-%m-%dT%H:%M:%SZ); EPOCH_S=$(date -u -d "$EPOCH" +%s); }
scen_now() { echo $(( $(date -u +%s) - EPOCH_S )); }

# node_start NATION [extra args]
node_start() {
    nat=$1; shift
    "$SKYWEAVE" node --config "$T/$nat.yaml" --workdir "$T/w$nat" --epoch "$EPOCH" "$@" \
        >> "$T/$nat.out" 2>> "$T/$nat.err" &
    eval "PID_$nat=$!"
    NODE_PIDS="$NODE_PIDS $!"
}
node_stop() { eval "p=\$PID_$1"; kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; }
node_kill9() { eval "p=\$PID_$1"; kill -KILL "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; }

# json_num FILE KEY: the first number after "KEY": in FILE (tiny JSON reader for the tests)
json_num() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); k=sys.argv[2].split('.');
for p in k: d=d[p]
print(d)" "$1" "$2"; }
