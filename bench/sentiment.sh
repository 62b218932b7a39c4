#!/usr/bin/env bash
# Sentiment classifier: trains it on the team's labelled support messages and the TweetEval dev split,
# prints the 5-fold cross-validated macro-averaged recall, and writes
# app/src/main/resources/assistant/sentiment-<model>.weights (unless -Dwrite=false).
# Options: -Dmodel=<embedding model> -Dl2=0.0003 -Diterations=250 (all-minilm-l6-v2's weights: -Dl2=0.001)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl bench -am test-compile -Dskip.frontend dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Xmx2g -Dhandoff.shared.dir=../shared "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.SentimentBenchmark
