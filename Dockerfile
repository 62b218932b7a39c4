# syntax=docker/dockerfile:1
# Handoff as a container image: build with Maven (Java 17) and Node 20, run on a Java 17 JRE as a
# non-root user with the data directory as a volume. Build: docker build -t handoff .
# Base images are pinned by digest (see README, "Container image", for how they were chosen and how to
# refresh them).

# Node 20 for the widget and dashboard builds, which Maven runs through npm
FROM node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS node

FROM maven:3.9.9-eclipse-temurin-17@sha256:f58d59b6273e785ac0a4477f6e9b5ba1d7731c75b906c0f7b34076f1851318cc AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl app -am package -DskipTests \
    && cp app/target/handoff.jar /handoff.jar

FROM eclipse-temurin:17-jre@sha256:13cc28a6cc72a38ce1f00c906be3580c1a3e604b8984d694f369a96742abc93b
RUN groupadd --system --gid 10001 handoff \
    && useradd --system --uid 10001 --gid handoff --home-dir /var/lib/handoff --shell /usr/sbin/nologin handoff \
    && mkdir -p /var/lib/handoff \
    && chown handoff:handoff /var/lib/handoff
COPY --from=build /handoff.jar /opt/handoff/handoff.jar
ENV HANDOFF_DATA_DIR=/var/lib/handoff \
    HANDOFF_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
VOLUME /var/lib/handoff
WORKDIR /var/lib/handoff
USER 10001:10001
EXPOSE 8080
# readiness over plain bash (no curl in the image): 200 from /health/readiness
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HANDOFF_PORT} && printf 'GET /health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# exec: java is PID 1 and gets SIGTERM, which starts the graceful shutdown
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/handoff/handoff.jar \"$@\"", "handoff"]
