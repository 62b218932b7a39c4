#!/usr/bin/env bash
# Search-at-scale benchmark on the embedded index: 100,000 messages, query latency, FAQ edit-to-searchable.
# Options: -Dmessages=100000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.SearchBenchmark "$@"
