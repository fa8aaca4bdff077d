#!/usr/bin/env bash
# Reliability scenarios of issue 9 against real processes: the API jar, worker jars and the
# machine's PostgreSQL. Prints one figure per scenario (FIGURE lines) and a summary.
#
#   scripts/reliability.sh                 every scenario except the PostgreSQL restart/outage
#   scripts/reliability.sh --with-postgres also restart PostgreSQL and stop it for 20 s
#                                          (pg_ctlcluster: affects everyone using that server)
#   RELIABILITY_ONLY="auth runaway"        run only the named scenarios
#                                          (auth runaway upload kill pause postgres poison)
#
# Settings: RELIABILITY_DB (default sweep_guard; it is dropped and re-created), RELIABILITY_PORT
# (18003), PG_CLUSTER ("15 main"). The API runs with a 15 s lease, 3 s heartbeats and a 1 s
# reaper, so outages longer than a lease happen within seconds.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DB="${RELIABILITY_DB:-sweep_guard}"
PORT="${RELIABILITY_PORT:-18003}"
PG_CLUSTER="${PG_CLUSTER:-15 main}"
WITH_PG=""
[ "${1:-}" = "--with-postgres" ] && WITH_PG=yes
ONLY="${RELIABILITY_ONLY:-auth runaway upload kill pause poison${WITH_PG:+ postgres}}"
WORK="$(mktemp -d /tmp/sweep-reliability.XXXXXX)"
API="http://127.0.0.1:$PORT"
USER_TOKEN="sweep_user_rel-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WORKER_TOKEN="sweep_worker_rel-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
API_PID=""
WORKERS=()
FIGURES=()

say() { echo "reliability: $*" >&2; }
figure() { FIGURES+=("$(printf '%-44s %s' "$1" "$2")"); echo "FIGURE $1: $2"; }
want() { [[ " $ONLY " == *" $1 "* ]]; }
psql_db() { psql -X -q -t -A -h 127.0.0.1 -U postgres -d "$DB" -c "$1" 2>/dev/null; }

cleanup() {
  for p in "${WORKERS[@]}"; do kill -9 "$p" 2>/dev/null; done
  [ -n "$API_PID" ] && { kill -CONT "$API_PID" 2>/dev/null; kill "$API_PID" 2>/dev/null; wait "$API_PID" 2>/dev/null; }
  [ -n "${KEEP_RELIABILITY:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# the API's runnable jar is its -exec one (the plain jar is a library for sweep-local); the
# worker's runnable jar is its plain one
jar() {
  local j
  j="$(ls "$ROOT"/$1/target/$1-*-exec.jar 2>/dev/null | head -1)"
  [ -n "$j" ] || j="$(ls "$ROOT"/$1/target/$1-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1)"
  echo "$j"
}
modules=sweep-api
want kill || want pause || want postgres && modules=sweep-api,sweep-worker
if [ -z "$(jar sweep-api)" ] || { [[ "$modules" == *worker* ]] && [ -z "$(jar sweep-worker)" ]; }; then
  say "building the jars ($modules)..."
  ./mvnw -B -o -q -DskipTests package -pl "$modules" -am >&2 || exit 1
fi
API_JAR="$(jar sweep-api)"
WORKER_JAR="$(jar sweep-worker)"

psql -X -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
psql -X -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB" >/dev/null || { say "cannot create $DB"; exit 1; }

start_api() {
  SWEEP_USER_TOKEN="$USER_TOKEN" SWEEP_WORKER_TOKEN="$WORKER_TOKEN" \
    java -Xmx768m -jar "$API_JAR" --server.port="$PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    --sweep.checkpoints.dir="$WORK/checkpoints" --sweep.lease.duration=15s \
    --sweep.lease.heartbeat-interval=3s --sweep.reaper-interval=1s \
    >>"$WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 300); do
    curl -fs "$API/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$API_PID" 2>/dev/null || { say "the API died; see $WORK/api.log"; tail -30 "$WORK/api.log" >&2; exit 1; }
    sleep 1
  done
  say "the API did not come up"; exit 1
}

start_worker() { # $1 = log name
  OMP_WAIT_POLICY=PASSIVE SWEEP_API_URL="$API" SWEEP_API_TOKEN="$WORKER_TOKEN" SWEEP_WORKER_SLOTS=1 \
    java -jar "$WORKER_JAR" >>"$WORK/$1.log" 2>&1 &
  WORKERS+=($!)
  echo $!
}

submit() { # $1 = YAML text; prints the sweep id
  curl -s -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/yaml' \
    --data-binary "$1" "$API/api/sweeps" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2
}

job_of() { psql_db "SELECT id FROM job WHERE sweep_id = $1 ORDER BY id LIMIT 1"; }
status_of() { psql_db "SELECT status || ' attempt ' || attempt FROM job WHERE id = $1"; }
wait_job() { # $1 = job id, $2 = timeout s; waits until the job ends
  for _ in $(seq 1 "$2"); do
    case "$(psql_db "SELECT status FROM job WHERE id = $1")" in
      SUCCEEDED|FAILED|CANCELLED) return 0 ;;
    esac
    sleep 1
  done
  return 1
}
wait_epoch() { # $1 = job id, $2 = epoch: until that epoch row exists
  for _ in $(seq 1 600); do
    [ "$(psql_db "SELECT count(*) FROM epoch_metric WHERE job_id = $1 AND epoch >= $2")" -gt 0 ] && return 0
    sleep 1
  done
  return 1
}
metrics_of() { psql_db "SELECT string_agg(epoch || ':' || train_loss::text || ':' || train_accuracy::text || ':' || val_loss::text || ':' || val_accuracy::text, ' ' ORDER BY epoch) FROM epoch_metric WHERE job_id = $1"; }

# cache: false: the same configuration again must train, not be served from the first run
small() { # $1 = name, $2 = epochs: a quick MLP sweep of one job
  printf 'name: %s\ncache: false\ndataset: {train_limit: 6000, validation_size: 2000}\nmodel: {type: mlp, hidden_layers: [64]}\nparameters:\n  epochs: {value: %s}\n  batch_size: {value: 128}\n' "$1" "$2"
}

start_api
say "API up on $API (log $WORK/api.log)"

# --- anonymous claim and every bypass path: nothing may be claimed ---
if want auth; then
  sid="$(submit "$(small auth 1)")"
  before="$(psql_db "SELECT count(*) FROM job WHERE status = 'RUNNING'")"
  paths=("/api/worker/claim" "/api/worker;x/claim" "/api;/worker/claim" "/api/%77orker/claim"
    "/api/worker/./claim" "/api/x/../worker/claim" "//api/worker/claim" "/api/worker//claim"
    "/api/WORKER/claim" "/api/worker/claim/" "/api/worker%2fclaim" "/api/worker%2Fclaim"
    "/api/worker/claim;jsessionid=1" "/api/worker/%2e/claim" "/api/worker/claim%00"
    "/api/worker/claim?x=1")
  refused=0; codes=""
  for p in "${paths[@]}"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -X POST -H 'Content-Type: application/json' \
      -d '{"workerId":"intruder","waitMillis":0}' "$API$p")"
    codes+=" $code"
    [[ "$code" =~ ^4 ]] && refused=$((refused + 1))
  done
  after="$(psql_db "SELECT count(*) FROM job WHERE status = 'RUNNING'")"
  figure "anonymous claim + bypass paths" "$refused/${#paths[@]} refused with 4xx (${codes# }), $((after - before)) jobs claimed"
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $USER_TOKEN" "$API/api/sweeps/$sid/cancel"
fi

# --- runaway definitions: each a 4xx, and the API stays up without an OutOfMemoryError ---
if want runaway; then
  post() { curl -s -o "$WORK/answer.json" -w '%{http_code}' -H "Authorization: Bearer $USER_TOKEN" \
    -H 'Content-Type: application/yaml' "$@" "$API/api/sweeps"; }
  field() { sed -n 's/.*"field":"\([^"]*\)".*/\1/p' "$WORK/answer.json"; }
  c1="$(head -c 300000000 /dev/zero | tr '\0' '#' | post --data-binary @-)"; f1="$(field)"
  c2="$(head -c 300000000 /dev/zero | tr '\0' '#' | post -H 'Transfer-Encoding: chunked' -T - -X POST)"; f2="$(field)"
  c3="$(printf 'name: caf\xe9\n' | post --data-binary @-)"; f3="$(field)"
  c4="$(post --data-binary $'parameters: {epochs: {value: 2000000000}}\n')"; f4="$(field)"
  c5="$(post --data-binary $'model: {type: mlp, hidden_layers: [16384, 16384, 16384, 16384, 16384, 16384]}\n')"; f5="$(field)"
  c6="$(post --data-binary $'method: random\nrun_cap: 4\nparameters:\n  seed: {min: -9223372036854775808, max: 9223372036854775807}\n')"; f6="$(field)"
  # twelve 300 MB bodies at once took about 12 GB of heap before the cap
  for _ in $(seq 1 12); do (head -c 300000000 /dev/zero | tr '\0' '#' | curl -s -o /dev/null -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/yaml' --data-binary @- "$API/api/sweeps") & done; wait
  oom="$(grep -c OutOfMemoryError "$WORK/api.log")"
  alive="$(curl -fs -o /dev/null -w '%{http_code}' "$API/actuator/health")"
  figure "300 MB body (Content-Length)" "$c1 field=$f1"
  figure "300 MB body (chunked, streamed)" "$c2 field=$f2"
  figure "non-UTF-8 body" "$c3 field=$f3"
  figure "epochs: 2000000000" "$c4 field=$f4"
  figure "6 hidden layers of 16384" "$c5 field=$f5"
  figure "random seed over the whole long range" "$c6 field=$f6"
  figure "12 concurrent 300 MB bodies" "API health $alive, $oom OutOfMemoryError in its log"
fi

# --- a 2 GiB checkpoint upload ---
if want upload; then
  sid="$(submit "$(small upload 2)")"
  claim="$(curl -s -X POST -H "Authorization: Bearer $WORKER_TOKEN" -H 'Content-Type: application/json' \
    -d '{"workerId":"uploader","waitMillis":0}' "$API/api/worker/claim")"
  jid="$(echo "$claim" | sed -n 's/.*"jobId":\([0-9]*\).*/\1/p')"
  tok="$(echo "$claim" | sed -n 's/.*"leaseToken":\(-\{0,1\}[0-9]*\).*/\1/p')"
  start=$(date +%s%N)
  code="$(head -c 2147483648 /dev/zero | curl -s -o "$WORK/upload.json" -w '%{http_code}' -T - \
    -H "Authorization: Bearer $WORKER_TOKEN" -H "X-Lease-Token: $tok" \
    -H "X-Checkpoint-Sha256: $(printf '0%.0s' $(seq 1 64))" "$API/api/worker/jobs/$jid/checkpoints/1")"
  took="$((($(date +%s%N) - start) / 1000000000))"
  left="$(find "$WORK/checkpoints" -type f 2>/dev/null | wc -l)"
  figure "2 GiB checkpoint upload" "$code after ${took%.*} s; $left files left in the checkpoint dir"
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $WORKER_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"leaseToken\":$tok}" "$API/api/worker/jobs/$jid/release"
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $USER_TOKEN" "$API/api/sweeps/$sid/cancel"
fi

# --- kill -9 of a worker mid-epoch: the job resumes, metrics bit-identical ---
if want kill; then
  ref="$(job_of "$(submit "$(small reference 4)")")"
  w="$(start_worker worker-ref)"
  wait_job "$ref" 900
  kill -9 "$w" 2>/dev/null
  jid="$(job_of "$(submit "$(small killed 4)")")"
  w="$(start_worker worker-killed)"
  wait_epoch "$jid" 2
  sleep 2 # inside epoch 3
  kill -9 "$w"
  start_worker worker-after-kill >/dev/null
  wait_job "$jid" 900
  same="no"; [ "$(metrics_of "$jid")" = "$(metrics_of "$ref")" ] && same="yes"
  rows="$(psql_db "SELECT count(*) || ' rows, ' || count(DISTINCT epoch) || ' distinct' FROM epoch_metric WHERE job_id = $jid")"
  figure "kill -9 mid-epoch" "$(status_of "$jid"); $rows; bit-identical to an uninterrupted run: $same"
fi

# --- three API pauses longer than the 15 s lease ---
if want pause; then
  [ "${#WORKERS[@]}" -gt 0 ] || start_worker worker-pause >/dev/null
  # a worker killed earlier may have left a long-polling claim open on the API; it would take the
  # next job for a dead client. Let such claims time out (sweep.claim-max-wait, 20 s) first.
  want kill && sleep 22
  # long enough (about 0.3 s an epoch) to still be training through all three pauses
  jid="$(job_of "$(submit "$(small paused 300)")")"
  wait_epoch "$jid" 1
  for _ in 1 2 3; do
    kill -STOP "$API_PID"; sleep 25; kill -CONT "$API_PID"; sleep 8
  done
  wait_job "$jid" 900
  figure "3 API pauses of 25 s (lease 15 s)" "$(status_of "$jid")"
fi

# --- a poisoned checkpoint ---
if want poison; then
  # needs bytes changed under a recorded SHA-256 and checkpoints of another configuration: the test
  # builds them with the worker's own classes against a real API, PostgreSQL and DL4J
  figure "poisoned checkpoint" "see PoisonedCheckpointEndToEndTest in ./sweep test (resumes from the last good one)"
fi

# --- PostgreSQL restart and a 20 s outage (every user of this server notices) ---
if want postgres; then
  [ "${#WORKERS[@]}" -gt 0 ] || start_worker worker-pg >/dev/null
  want kill && sleep 22 # let a killed worker's open claim time out (see the pause scenario)
  jid="$(job_of "$(submit "$(small postgres 300)")")"
  wait_epoch "$jid" 1
  pg_ctlcluster --skip-systemctl-redirect $PG_CLUSTER restart
  sleep 10
  pg_ctlcluster --skip-systemctl-redirect $PG_CLUSTER stop
  down_code="$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s, Retry-After ' -H "Authorization: Bearer $USER_TOKEN" "$API/api/sweeps/1")"
  retry="$(curl -s -D - -o /dev/null -H "Authorization: Bearer $WORKER_TOKEN" -H 'Content-Type: application/json' -d '{"leaseToken":1,"currentEpoch":0}' "$API/api/worker/jobs/$jid/heartbeat" | sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip')"
  sleep 20
  pg_ctlcluster --skip-systemctl-redirect $PG_CLUSTER start
  wait_job "$jid" 900
  dup="$(psql_db "SELECT count(*) - count(DISTINCT epoch) FROM epoch_metric WHERE job_id = $jid")"
  figure "PostgreSQL restart + 20 s outage" "$(status_of "$jid"); while down: $down_code${retry:-none}; duplicate epoch rows: $dup"
fi

echo
echo "== reliability figures ($(date -u +%Y-%m-%dT%H:%MZ), logs in $WORK) =="
printf '%s\n' "${FIGURES[@]}"
