#!/usr/bin/env bash
# Analytics endpoint latency over 100,000 generated conversations. Options: -Dconversations=100000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.AnalyticsBenchmark "$@"
