#!/usr/bin/env bash
# Search-at-scale benchmark: 100,000 messages, query latency, FAQ edit-to-searchable.
# Options: -Dmessages=100000 -Dbackend=lucene|elasticsearch (elasticsearch starts a real one-node cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl app dependency:unpack@unpack-elasticsearch
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.SearchBenchmark "$@"
