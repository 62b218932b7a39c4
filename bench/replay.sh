#!/usr/bin/env bash
# Replay speed (10,000 shopper messages) with live shoppers at 50 messages/s meanwhile, and cluster speed
# over 10,000 unanswered messages. Options: -Dmessages=10000 -Drate=50
# -Dserving=180 (seconds of live load before the first replay; 0: the app's first minutes) -Dparts=clusters,replay -Dlive=false. Needs ../shared/datasets (clinc150).
set -euo pipefail
cd "$(dirname "$0")/.."
# Builds with `package` (never `install`) and runs from the module's class path.
mvn -q -B -ntp -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Xmx2g -Dhandoff.shared.dir="$PWD/../shared" "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.ReplayBenchmark
