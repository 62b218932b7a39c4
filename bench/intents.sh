#!/usr/bin/env bash
# Intent classifier: trains it on the team's messages and the dev/train splits of ../shared/datasets,
# calibrates a threshold per intent, writes app/src/main/resources/assistant/intents-<model>.weights
# (unless -Dwrite=false) and prints precision/recall on the held-aside set, clinc150 val + oos_val and
# the half of BANKING77 not trained on. Options: -Dmodel=<embedding model> -Dl2=0.0001 -Diterations=200 (all-minilm-l6-v2's weights: -Dl2=0.0003)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl bench -am test-compile -Dskip.frontend dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Xmx2g -Dhandoff.shared.dir=../shared "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.IntentBenchmark
