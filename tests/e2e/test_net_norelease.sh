#!/bin/sh
# Releasability mirrored in the permissions: with `keys --no-release QA:BH`, QA may not publish
# tracks to BH at all (a node configured to would refuse to start, saying why), BH receives no
# QA track, while status (and warnings) still flow both ways and QA gets BH's tracks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
net_scenario --nations QA,BH --objects 4 --duration 20
net_keys QA,BH --no-release QA:BH
net_config QA QA,BH
net_config BH QA,BH
# QA's config still releases to BH: the permissions say otherwise, and the node says so
expect_fail "do not let QA release tracks to BH" "$SKYWEAVE" node --config "$T/QA.yaml" --duration 2
net_config QA QA,BH "releasability: {BH: none}"
set_epoch 2
node_start QA --duration 12
node_start BH --duration 12
for n in QA BH; do eval "wait \$PID_$n" || fail "node $n failed: $(cat "$T/$n.err")"; done
grep "status BH" "$T/BH.out" | tail -n 1 | grep -q "partners=QA" || fail "BH does not see QA (status)"
[ "$(json_num "$T/wBH/summary.json" net.rx_local)" -eq 0 ] || fail "BH received QA tracks"
[ "$(json_num "$T/wBH/summary.json" net.rx_status)" -gt 0 ] || fail "BH received no QA status"
[ "$(json_num "$T/wQA/summary.json" net.rx_local)" -gt 0 ] || fail "QA received no BH tracks"
[ "$(json_num "$T/wQA/summary.json" net.tx_local)" -eq 0 ] || fail "QA sent tracks"
echo ok
