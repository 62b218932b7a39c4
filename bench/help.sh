#!/usr/bin/env bash
# Help center speed with 1,000 FAQ items in a store: page render and shopper search, offered open-loop.
# Options: -Ditems=1000 -Drate=20 (requests a second per phase) -Drequests=600 (per phase)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.HelpCenterBenchmark "$@"
