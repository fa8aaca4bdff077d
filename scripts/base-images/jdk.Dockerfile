# local/jdk:17, the local stand-in for eclipse-temurin:17-jdk-jammy: the image the application
# Dockerfiles build their jars in (with the Maven wrapper, which needs curl and unzip).
ARG DEBIAN_BASE=local/debian:bookworm
FROM ${DEBIAN_BASE}
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless curl unzip ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
