#!/bin/sh
# The command dispatcher: help, version, unknown commands.
. "$(dirname "$0")/lib.sh"
"$SKYWEAVE" --help | grep -q "usage: skyweave COMMAND" || fail "--help"
"$SKYWEAVE" version | grep -q "^skyweave " || fail "version"
expect_fail "unknown command 'nope'" "$SKYWEAVE" nope
echo ok
