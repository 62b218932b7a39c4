#!/usr/bin/env bash
# Replay speed (10,000 shopper messages) with live shoppers at 50 messages/s meanwhile, and cluster speed
# over 10,000 unanswered messages. Options: -Dmessages=10000 -Drate=50. Needs ../shared/datasets (clinc150).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.ReplayBenchmark "$@"
