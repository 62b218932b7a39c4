#!/usr/bin/env bash
# Answer-quality benchmark on ../shared/datasets (dev splits): prints the figures quoted in README.
# Options (JVM system properties): -Dphrasings=1,5,20 (FAQ settings, the first is the headline; add 100
# for the old optimistic one), -Dbackend=lucene|elasticsearch, -Dmodel=none|stub,
# -Dmodels=all-minilm-l6-v2,bge-small-en-v1.5 (the embedding-model comparison, printed first;
# -Dmodels= skips it). Builds with `package` (never `install`) and runs from the module's class path.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
if [[ " $* " == *"-Dbackend=elasticsearch"* ]]; then
  mvn -q -B -ntp -pl app dependency:unpack@unpack-elasticsearch
fi
ES_VERSION=$(sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' pom.xml)
run() {
  java -Xmx2g -Dhandoff.shared.dir="$PWD/../shared" \
    -Dhandoff.elasticsearch.home="$PWD/app/target/elasticsearch/elasticsearch-$ES_VERSION" \
    -Dhandoff.jar="$PWD/app/target/handoff.jar" "$@"
}
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
run "$@" -cp "$CP" dev.handoff.bench.RetrievalBenchmark
run "$@" -cp "$CP" dev.handoff.bench.QualityBenchmark
