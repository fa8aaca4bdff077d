#!/usr/bin/env bash
# Builds local equivalents of the public base images the Dockerfiles use by default, for machines
# that reach no image registry (only a Debian mirror):
#   local/debian:bookworm   debootstrap --variant=minbase, imported      (for debian:bookworm-slim, ubuntu:22.04)
#   local/jre:17            a jlinked Java 17 runtime at /opt/java/openjdk (for eclipse-temurin:17-jre-jammy)
#   local/jdk:17            Debian's JDK 17, curl, unzip                  (for eclipse-temurin:17-jdk-jammy)
#   local/postgres:15       Debian's PostgreSQL 15, the official entry point's variables (for postgres:15)
# Idempotent: an image that exists is kept (seconds when all do); --rebuild builds them all again.
# Needs root (debootstrap) and a running Docker daemon (DOCKER_HOST as usual).
#
#   scripts/base-images.sh [--rebuild]
#   then: docker build --build-arg-s from scripts/build-args.sh, or scripts/compose-test.sh
set -euo pipefail
cd "$(dirname "$0")"
DOCKER="${DOCKER:-docker}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rebuild=""
[ "${1:-}" = --rebuild ] && rebuild=yes

have() { [ -z "$rebuild" ] && "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
step() { printf 'base-images: %s\n' "$*" >&2; }

start=$SECONDS
if have local/debian:bookworm; then
  step "local/debian:bookworm exists"
else
  command -v debootstrap >/dev/null || { echo "base-images: needs debootstrap: apt-get install debootstrap" >&2; exit 1; }
  rootfs="$(mktemp -d /var/tmp/sweep-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  step "debootstrap bookworm from $MIRROR (about 30-60 s)..."
  # passwd: useradd, which the Dockerfiles use (the official debian and ubuntu images have it)
  debootstrap --variant=minbase --include=passwd bookworm "$rootfs" "$MIRROR" >/var/tmp/sweep-debootstrap.log 2>&1 \
    || { tail -20 /var/tmp/sweep-debootstrap.log >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | "$DOCKER" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - local/debian:bookworm >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
  step "local/debian:bookworm imported"
fi

build() { # $1 = tag, $2 = Dockerfile in base-images/
  if have "$1"; then step "$1 exists"; return; fi
  step "building $1..."
  "$DOCKER" build -t "$1" -f "base-images/$2" base-images >"/var/tmp/sweep-base-image.log" 2>&1 \
    || { tail -20 /var/tmp/sweep-base-image.log >&2; exit 1; }
  step "$1 built"
}
build local/jdk:17 jdk.Dockerfile
build local/jre:17 jre.Dockerfile
build local/postgres:15 postgres.Dockerfile
step "done in $((SECONDS - start)) s"
