#!/usr/bin/env bash
# Compiles sweep-worker with its tests (not run) and prints the test-scope classpath. Each reactor
# module writes the file in turn; sweep-worker comes last, so its classpath is what remains.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/sweep-worker/target/bench.classpath"
./mvnw -B -q -o -pl sweep-worker -am test-compile dependency:build-classpath -DskipTests \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$out" >&2
echo "$PWD/sweep-worker/target/test-classes:$PWD/sweep-worker/target/classes:$(cat "$out")"
