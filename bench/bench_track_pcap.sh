#!/bin/sh
# bench/bench_track_pcap.sh BUILD SCENARIO DURATION_S - `skyweave track --pcap` throughput: the
# scenario's ASTERIX recording (CAT048/034/021 from `skyweave sim`) through ingest and the
# tracker, tracks CSV to /dev/null, best of 3; with rows once per second of data time
# (--output-period 1) and with CAT062 out as well.  Prints datagrams/s, records/s, plots/s.
set -eu
B=$1; SC=$2; DUR=$3
w=$(mktemp -d /tmp/sw_btp.XXXXXX)
trap 'rm -rf "$w"' EXIT
"$B/skyweave" sim --scenario "$SC" --out "$w/s" --duration "$DUR" --quiet
S="$w/s/sensors.yaml"
echo "scenario $(basename "$SC"), $DUR s: $(ls -l "$w/s/asterix.pcap" | awk '{print $5}') octets of pcap"
best() { # best wall time of 3 runs of: skyweave track --pcap ... "$@"
    b=
    for i in 1 2 3; do
        t0=$(date +%s.%N)
        "$B/skyweave" track --pcap "$w/s/asterix.pcap" --sensors "$S" --out /dev/null "$@" 2> "$w/err"
        t1=$(date +%s.%N)
        if [ -z "$b" ] || [ "$(echo "$t1 $t0 $b" | awk '{print ($1 - $2 < $3)}')" = 1 ]; then
            b=$(echo "$t1 $t0" | awk '{print $1 - $2}')
            cp "$w/err" "$w/best"
        fi
    done
    line=$(grep ' rows' "$w/best" | tail -1)
    dg=$(echo "$line" | sed -n 's/^skyweave track: \([0-9]*\) datagrams.*/\1/p')
    rec=$(echo "$line" | sed -n 's/.* \([0-9]*\) records (CAT048.*/\1/p')
    pl=$(echo "$line" | sed -n 's/.*[^0-9]\([0-9]*\) plots,.*/\1/p')
    rows=$(echo "$line" | sed -n 's/.*[^0-9]\([0-9]*\) rows.*/\1/p')
    inproc=$(echo "$line" | sed -n 's/.*; \([0-9.]* s, [0-9]* plots\/s\)$/\1/p')
    echo "$* : $dg datagrams, $rec records, $pl plots, $rows rows in $b s (whole command):" \
        "$(echo "$dg $rec $pl $b" | awk '{printf "%.0f datagrams/s, %.0f records/s, %.0f plots/s", $1/$4, $2/$4, $3/$4}')" \
        "(in the command, from the first datagram to the flush: $inproc)"
}
# the input stage alone: skyweave ingest (decode, de-duplicate, plots; no tracker)
t0=$(date +%s.%N); "$B/skyweave" ingest --pcap "$w/s/asterix.pcap" --sensors "$S" > /dev/null
t1=$(date +%s.%N)
echo "skyweave ingest --pcap (no tracker): $(echo "$t1 $t0" | awk '{print $1 - $2}') s"
best --output-period 1
best --output-period 1 --cat062 "$w/c62.pcap"
[ "${QUICK:-0}" = 1 ] || best
