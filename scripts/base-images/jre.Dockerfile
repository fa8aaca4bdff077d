# local/jre:17, the local stand-in for eclipse-temurin:17-jre-jammy: a self-contained Java 17 runtime
# at /opt/java/openjdk (as in Temurin's images, so the worker Dockerfile can copy it onto another base),
# linked with jlink from local/jdk:17 (Debian's JDK), plus curl for health checks.
ARG DEBIAN_BASE=local/debian:bookworm
ARG JDK_IMAGE=local/jdk:17
FROM ${JDK_IMAGE} AS jdk
# no --strip-debug: with Debian's JDK it needs objcopy (binutils)
RUN jlink --add-modules ALL-MODULE-PATH --no-man-pages --no-header-files --output /opt/java/openjdk

FROM ${DEBIAN_BASE}
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
