#!/usr/bin/env bash
# Load benchmark, open loop: widget conversations against the packaged app on loopback, messages sent
# on a fixed schedule, latency from the scheduled time, a missing reply counted as +inf.
# Options: -Drate=100 -Dconversations=100 -Dseconds=30 -Dwarmup=30 -Dramp=true -Dtimeout=10 -Dheap=-Xmx512m -Dmodel=none|stub
# (-Dramp=true: during the warm-up the offered rate rises from 0 to -Drate; false: the full rate from the start)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Dhandoff.shared.dir=../shared -Dhandoff.jar=app/target/handoff.jar "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.LoadBenchmark
