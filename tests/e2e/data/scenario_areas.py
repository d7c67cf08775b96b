#!/usr/bin/env python3
"""Print a scenario's defended areas as `skyweave warn --areas` reads them (each circle with its
nation), with the scenario's origin.  Usage: scenario_areas.py SCENARIO.yaml > areas.yaml
Used by test_warn_ranges.sh and test_warn_noise_sky.sh on scenarios/warn-ranges.yaml."""
import re
import sys

text = open(sys.argv[1]).read()
origin = re.search(r"^origin: (\[.*\])", text, re.M)
nation, out = None, ["origin: %s" % origin.group(1), "defended_areas:"]
for line in text.splitlines():
    m = re.match(r"\s+- code: (\w+)", line)
    if m:
        nation = m.group(1)
    m = re.match(r"\s+- \{name: (.*)", line)
    if m and nation and "circle" in line:
        out.append("  - {nation: %s, name: %s" % (nation, m.group(1)))
print("\n".join(out))
