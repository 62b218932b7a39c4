#!/usr/bin/env bash
# Open-loop load against two Handoff nodes in cluster mode on this machine: one external PostgreSQL
# (Debian's binaries in /usr/lib/postgresql/*/bin) and one Elasticsearch node, each reply crossing nodes.
# Options: -Dnodes=2 -Drate=40 -Dconversations=60 -Dseconds=30 -Dwarmup=15 -Dtimeout=10 -Dheap=-Xmx512m
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
ES_HOME=$(ls -d "$PWD"/app/target/elasticsearch/elasticsearch-* | head -1)
java -Dhandoff.jar=app/target/handoff.jar -Dhandoff.elasticsearch.home="$ES_HOME" "$@" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.handoff.bench.ClusterLoadBenchmark
