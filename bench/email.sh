#!/usr/bin/env bash
# Email ingestion through the imap channel (GreenMail + the packaged app), then a kill -9 mid-sync and a restart.
# Options: -Demails=10000 -Drate=150 -Dcrash=3000 -Dmailboxes=10 -Dheap=-Xmx512m
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.EmailBenchmark "$@"
