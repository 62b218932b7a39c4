#!/usr/bin/env bash
# Carries the app's cosine-similarity thresholds from one embedding model to another by quantile matching over every
# pair of clinc150 val utterances (ThresholdCalibration): the values of EmbeddingService.Spec's Similarities.
# Options: -Dfrom=all-minilm-l6-v2 -Dto=bge-small-en-v1.5 -Dthresholds=0.30,0.40,0.45,0.70
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl bench -am package -DskipTests -Dskip.frontend dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Xmx3g -Dhandoff.shared.dir=../shared "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.ThresholdCalibration
