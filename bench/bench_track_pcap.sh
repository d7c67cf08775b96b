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
        b=$(echo "$t1 $t0 ${b:-1e9}" | awk '{d = $1 - $2; print (d < $3 ? d : $3)}')
    done
    line=$(grep ' rows' "$w/err" | tail -1)
    dg=$(echo "$line" | sed -n 's/^skyweave track: \([0-9]*\) datagrams.*/\1/p')
    rec=$(echo "$line" | sed -n 's/.* \([0-9]*\) records (CAT048.*/\1/p')
    pl=$(echo "$line" | sed -n 's/.*[^0-9]\([0-9]*\) plots,.*/\1/p')
    rows=$(echo "$line" | sed -n 's/.*[^0-9]\([0-9]*\) rows.*/\1/p')
    echo "$* : $dg datagrams, $rec records, $pl plots, $rows rows in $b s (whole command):" \
        "$(echo "$dg $rec $pl $b" | awk '{printf "%.0f datagrams/s, %.0f records/s, %.0f plots/s", $1/$4, $2/$4, $3/$4}')"
}
best --output-period 1
best --output-period 1 --cat062 "$w/c62.pcap"
best
