#!/usr/bin/env bash
# Starts docker-compose.yml for real and checks what a deployment must survive:
#   1. PostgreSQL, the API and 2 workers come up (local base images where no registry is reachable);
#   2. grids/quick.yaml, on the full training set and with 4- and 10-epoch trials (long enough for
#      what follows: a worker on AVX-512 kernels trains the plain quick.yaml in under a minute), is
#      submitted through SWEEP_API_URL with the CLI (./sweep run);
#   3. while a job trains, the worker container training it is killed (SIGKILL): the sweep must
#      still end SUCCEEDED, every job with each of its epoch rows exactly once (SQL), the killed
#      job resumed on a later attempt;
#   4. while a job trains, `docker-compose stop sweep-worker` stops the workers (SIGTERM): each
#      running job must be back in the queue at once, with the same attempt number (no attempt
#      lost to a clean stop); the workers are started again and the sweep finishes.
# It prints what it checked, and the time taken. Needs root (or a Docker daemon it can use),
# docker-compose (v1, Debian's) and a JDK.
#
#   scripts/compose-test.sh [--keep]     --keep leaves the stack up (docker-compose -p sweepct ... down -v)
#
# Docker: DOCKER_HOST if set, else the system daemon if it answers, else a private dockerd started
# here (data in /var/lib/sweep-docker, socket /run/sweep-docker/docker.sock; left running).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
KEEP=""; [ "${1:-}" = --keep ] && KEEP=yes
PROJECT=sweepct
PORT="${SWEEP_COMPOSE_TEST_PORT:-18006}"
START=$SECONDS
say() { printf 'compose-test [%4ds]: %s\n' "$((SECONDS - START))" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
CHECKS=()
check() { CHECKS+=("$*"); say "ok: $*"; }

# shellcheck source=scripts/docker-daemon.sh
. scripts/docker-daemon.sh
ensure_docker
command -v docker-compose >/dev/null || die "needs docker-compose: apt-get install docker-compose"

scripts/base-images.sh

# the jars, built on this machine (the images copy them: JAR_FROM=context)
api_jar() { ls sweep-api/target/sweep-api-*-exec.jar 2>/dev/null | head -1; }
worker_jar() { ls sweep-worker/target/sweep-worker-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1; }
if [ -z "$(api_jar)" ] || [ -z "$(worker_jar)" ] \
  || [ -n "$(find sweep-*/src/main migrations/src/main -newer "$(worker_jar)" -type f -print -quit)" ]; then
  say "building the jars (./mvnw -DskipTests package)..."
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl sweep-api,sweep-worker,sweep-cli -am
fi
export DOCKER_BUILDKIT=1
LOCAL_BASES=(--build-arg BUILD_BASE=local/jdk:17 --build-arg JRE_BASE=local/jre:17
  --build-arg DATASET_BASE=local/debian:bookworm --build-arg RUNTIME_BASE=local/debian:bookworm
  --build-arg JAR_FROM=context)
say "building the images sweep-api and sweep-worker..."
"$DOCKER" build -q "${LOCAL_BASES[@]}" -f sweep-api/Dockerfile -t sweep-api:latest . >/dev/null
"$DOCKER" build -q "${LOCAL_BASES[@]}" -f sweep-worker/Dockerfile -t sweep-worker:latest . >/dev/null

# the tokens and settings, as the README's .env (this file instead of the user's .env)
ENV_FILE="$(mktemp /tmp/sweep-compose-test.XXXXXX.env)"
USER_TOKEN="$(openssl rand -hex 32)"
cat >"$ENV_FILE" <<ENV
SWEEP_USER_TOKEN=$USER_TOKEN
SWEEP_WORKER_TOKEN=$(openssl rand -hex 32)
POSTGRES_PASSWORD=$(openssl rand -hex 16)
SWEEP_POSTGRES_IMAGE=local/postgres:15
SWEEP_PORT=$PORT
SWEEP_WORKER_SLOTS=1
SWEEP_LEASE_DURATION=20s
ENV
compose() { docker-compose -p "$PROJECT" --env-file "$ENV_FILE" "$@"; }
cleanup() {
  local rc=$?
  if [ -n "$KEEP" ]; then
    say "left running: docker-compose -p $PROJECT --env-file $ENV_FILE ps   (down -v to remove)"
  else
    compose logs --no-color >"/tmp/sweep-compose-test.log" 2>&1 || true
    compose down -v --remove-orphans >/dev/null 2>&1 || true
    rm -f "$ENV_FILE"
    [ "$rc" -ne 0 ] && say "the containers' logs are in /tmp/sweep-compose-test.log"
  fi
  exit "$rc"
}
trap cleanup EXIT
sql() { compose exec -T postgres psql -U sweep -d sweep -tAX -v ON_ERROR_STOP=1 -c "$1"; }
wait_for() { # $1 = seconds, $2 = what, rest = command that succeeds when it is there
  local limit="$1" what="$2" t0=$SECONDS
  shift 2
  until "$@"; do
    [ $((SECONDS - t0)) -ge "$limit" ] && die "no $what within $limit s"
    sleep 2
  done
}

say "docker-compose up: postgres, sweep-api, 2 x sweep-worker..."
compose up -d --no-build --scale sweep-worker=2 >/dev/null
api_up() { curl -fsS "http://localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1; }
wait_for 180 "healthy API on port $PORT" api_up
check "the API answers /actuator/health/readiness on port $PORT (PostgreSQL $(sql 'SHOW server_version' | cut -d' ' -f1) from local/postgres:15, migrated by Flyway)"
owner="$(compose exec -T sweep-api stat -c '%u' /var/lib/sweep/checkpoints | tr -d '\r')"
[ "$owner" = 10001 ] || die "the checkpoint volume belongs to uid $owner, not the API's 10001"
check "the checkpoint volume /var/lib/sweep/checkpoints belongs to the API's uid 10001"

say "submitting grids/quick.yaml (50k training images, 4 and 10 epochs) through SWEEP_API_URL with the CLI..."
CLI_LOG=/tmp/sweep-compose-test-cli.log
GRID=/tmp/sweep-compose-test-grid.yaml
sed -e 's/^name: quick$/name: compose-test/' -e 's/train_limit: 20000/train_limit: 50000/' \
  -e 's/epochs: {values: \[2, 5\]}/epochs: {values: [4, 10]}/' grids/quick.yaml >"$GRID"
grep -q 'train_limit: 50000' "$GRID" && grep -q 'values: \[4, 10\]' "$GRID" \
  || die "grids/quick.yaml changed shape; update the grid this script derives from it"
SWEEP_API_URL="http://localhost:$PORT" SWEEP_TOKEN="$USER_TOKEN" ./sweep run --new "$GRID" >"$CLI_LOG" 2>&1 &
CLI_PID=$!
has_sweep() { [ -n "$(sql 'SELECT max(id) FROM sweep')" ]; }
wait_for 120 "sweep created" has_sweep
SWEEP="$(sql 'SELECT max(id) FROM sweep')"

training_job() { # a job past its first epoch whose worker is still on it (not the killed one's)
  TRAINING="$(sql "SELECT id || ' ' || attempt || ' ' || worker_id FROM job WHERE sweep_id = $SWEEP
    AND status = 'RUNNING' AND current_epoch >= 1 AND current_epoch < planned_epochs
    AND worker_id <> '${KILLED_WORKER:-}' ORDER BY id LIMIT 1")"
  [ -n "$TRAINING" ]
}
container_of() { # worker id = the container's hostname (its short id) + "-" + a random suffix
  "$DOCKER" ps -q --no-trunc --filter "label=com.docker.compose.project=$PROJECT" \
    --filter "label=com.docker.compose.service=sweep-worker" | grep "^${1%%-*}" | head -1
}

# --- 1. a worker dies (SIGKILL) in the middle of a job -------------------------------------------
wait_for 600 "job training past epoch 1" training_job
read -r KILLED_JOB KILLED_ATTEMPT KILLED_WORKER <<<"$TRAINING"
victim="$(container_of "$KILLED_WORKER")"
[ -n "$victim" ] || die "no container for worker $KILLED_WORKER"
"$DOCKER" kill "$victim" >/dev/null
say "killed worker container ${victim:0:12} while it trained job $KILLED_JOB (attempt $KILLED_ATTEMPT)"

# --- 2. a worker is stopped with docker-compose stop (SIGTERM) ------------------------------------
# the killed worker's jobs stay RUNNING until their leases expire (nothing can release them): this
# step looks at the jobs of workers that are alive
wait_for 600 "a job of a live worker training past epoch 1" training_job
RUNNING_BEFORE="$(sql "SELECT id || ':' || attempt FROM job WHERE sweep_id = $SWEEP AND status = 'RUNNING'
  AND worker_id <> '$KILLED_WORKER' ORDER BY id")"
say "docker-compose stop sweep-worker while jobs $(echo $RUNNING_BEFORE) (id:attempt) run..."
compose stop sweep-worker >/dev/null 2>&1
for ja in $RUNNING_BEFORE; do
  job="${ja%%:*}" attempt="${ja##*:}"
  row="$(sql "SELECT status || ' ' || attempt || ' ' || coalesce(lease_token::text, '-') FROM job WHERE id = $job")"
  case "$row" in
    "RUNNING "*) die "job $job still RUNNING after its worker stopped: its lease was not released ($row)" ;;
    "SUCCEEDED "*) continue ;; # it finished its last epoch while stopping
  esac
  [ "$row" = "QUEUED $attempt -" ] || die "job $job after docker-compose stop: $row, wanted QUEUED $attempt (released, same attempt)"
done
check "docker-compose stop released every running job ($(echo $RUNNING_BEFORE)) at once: QUEUED, no lease, same attempt"
compose up -d --no-build --scale sweep-worker=2 sweep-worker >/dev/null 2>&1

# --- the end: SUCCEEDED, every epoch row exactly once ---------------------------------------------
sweep_done() { [ "$(sql "SELECT status IN ('SUCCEEDED','FAILED','CANCELLED') FROM sweep WHERE id = $SWEEP")" = t ]; }
wait_for 1200 "end of sweep $SWEEP" sweep_done
status="$(sql "SELECT status FROM sweep WHERE id = $SWEEP")"
[ "$status" = SUCCEEDED ] || die "sweep $SWEEP ended $status"
cli_rc=0; wait "$CLI_PID" || cli_rc=$?
[ "$cli_rc" -eq 0 ] || die "./sweep run exited with $cli_rc (log: $CLI_LOG)"
check "sweep $SWEEP ended SUCCEEDED and ./sweep run (the CLI through SWEEP_API_URL) exited 0"
bad="$(sql "SELECT j.id || ' status ' || j.status || ', ' || count(e.epoch) || ' rows for ' || j.planned_epochs || ' epochs'
  FROM job j LEFT JOIN epoch_metric e ON e.job_id = j.id WHERE j.sweep_id = $SWEEP
  GROUP BY j.id HAVING j.status <> 'SUCCEEDED' OR count(e.epoch) <> j.planned_epochs
    OR count(DISTINCT e.epoch) <> count(e.epoch) OR min(e.epoch) <> 1 OR max(e.epoch) <> j.planned_epochs")"
[ -z "$bad" ] || die "jobs with missing or extra epoch rows: $bad"
rows="$(sql "SELECT count(*) || ' epoch rows in ' || count(DISTINCT e.job_id) || ' jobs' FROM epoch_metric e JOIN job j ON j.id = e.job_id WHERE j.sweep_id = $SWEEP")"
check "every job SUCCEEDED with epochs 1..planned exactly once ($rows)"
killed_attempt="$(sql "SELECT attempt FROM job WHERE id = $KILLED_JOB")"
[ "$killed_attempt" -gt "$KILLED_ATTEMPT" ] || die "job $KILLED_JOB kept attempt $killed_attempt after its worker was killed"
check "job $KILLED_JOB, whose worker was killed, was re-queued after its lease expired and finished on attempt $killed_attempt"

say "passed in $((SECONDS - START)) s:"
printf '  - %s\n' "${CHECKS[@]}"
