# local/jre:17, the local stand-in for eclipse-temurin:17-jre-jammy: a self-contained Java 17 runtime
# at /opt/java/openjdk (as in Temurin's images, so the worker Dockerfile can copy it onto another base),
# linked with jlink from Debian's JDK, plus curl for health checks.
ARG DEBIAN_BASE=local/debian:bookworm
FROM ${DEBIAN_BASE} AS jdk
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
 && jlink --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files \
      --output /opt/java/openjdk

FROM ${DEBIAN_BASE}
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
