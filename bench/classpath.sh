#!/usr/bin/env bash
# Compiles sweep-worker with its tests (not run) and prints the test-scope classpath. Each reactor
# module writes the file in turn; sweep-worker comes last, so its classpath is what remains.
# Offline first (fast, no network); if a plugin or dependency was never downloaded (a fresh clone
# on a new machine), once more online so Maven fetches what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/sweep-worker/target/bench.classpath"
args=(-B -q -pl sweep-worker -am test-compile dependency:build-classpath -DskipTests
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$out")
log="$(mktemp -t sweep-classpath-XXXXXX.log)"
if ! ./mvnw -o "${args[@]}" > "$log" 2>&1; then
  echo "bench: offline build failed (see $log); retrying online to fetch what is missing" >&2
  ./mvnw "${args[@]}" >&2
fi
rm -f "$log"
echo "$PWD/sweep-worker/target/test-classes:$PWD/sweep-worker/target/classes:$(cat "$out")"
