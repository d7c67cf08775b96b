#!/bin/sh
# The codec tables in src/asterix are what scripts/asx_gen.py makes from the specifications.
. "$(dirname "$0")/lib.sh"
need_shared data/asterix/specs
command -v python3 > /dev/null || { echo "SKIP: no python3"; exit 0; }
python3 "$SW_SOURCE_DIR/scripts/asx_gen.py" "$SW_SHARED_DIR/data/asterix/specs" "$T" > /dev/null
for f in "$T"/*; do
    cmp -s "$f" "$SW_SOURCE_DIR/src/asterix/$(basename "$f")" ||
        fail "src/asterix/$(basename "$f") is not what scripts/asx_gen.py generates: rerun it"
done
echo ok
