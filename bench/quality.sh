#!/usr/bin/env bash
# Answer-quality benchmark on ../shared/datasets (dev splits): prints the figures quoted in README.
# Options: -Dbackend=lucene|elasticsearch
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests
mvn -q -B -ntp -pl app dependency:unpack@unpack-elasticsearch
mvn -q -B -ntp -pl bench exec:java -Dbench.main=dev.handoff.bench.QualityBenchmark "$@"
