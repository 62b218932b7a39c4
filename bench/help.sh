#!/usr/bin/env bash
# Help center speed with 1,000 FAQ items in a store: page render and shopper search, offered open-loop.
# Options: -Ditems=1000 -Drate=20 (requests a second per phase) -Drequests=600 (per phase)
set -euo pipefail
cd "$(dirname "$0")/.."
# Builds with `package` (never `install`) and runs from the module's class path.
mvn -q -B -ntp -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Xmx2g -Dhandoff.shared.dir="$PWD/../shared" "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.HelpCenterBenchmark
