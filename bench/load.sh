#!/usr/bin/env bash
# Load benchmark: 100 concurrent widget conversations against the packaged app on loopback.
# Options: -Dconversations=100 -Dseconds=30 -Dwarmup=15 -Dheap=-Xmx512m
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.LoadBenchmark "$@"
