#!/usr/bin/env bash
# A fleet of simulated workers (sweep-worker --simulate's trainer: no DL4J, synthetic curves) against
# one sweep-api process and one PostgreSQL on loopback. Each worker is a WorkerRuntime of one slot
# with its own HTTP client and worker id, all in one JVM. Prints claims/s; p50/p99 of claim, epoch
# report and GET /best; database connections in use; errors; and an SQL check that every
# acknowledged epoch report is stored exactly once (0 lost, 0 duplicated).
# Usage: bench/fleet.sh [workers] [seconds] [epoch seconds] [epochs per job]
#   defaults: 200 60 5 3      the issue's 5-minute run: bench/fleet.sh 200 300
# Uses database SWEEP_FLEET_DB (default sweep_fleet, created here) on 127.0.0.1:5432 and truncates
# its tables; the API listens on SWEEP_FLEET_PORT (default 18005).
set -euo pipefail
cd "$(dirname "$0")/.."
workers="${1:-200}"
seconds="${2:-60}"
epoch="${3:-5}"
epochs="${4:-3}"
db="${SWEEP_FLEET_DB:-sweep_fleet}"
port="${SWEEP_FLEET_PORT:-18005}"
user_token="sweep_user_fleet-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
worker_token="sweep_worker_fleet-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '${db}'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE ${db}"
fi
cp="$(bench/classpath.sh)"
checkpoints="$(mktemp -d -t sweep-fleet-XXXXXX)"
log="${checkpoints}/api.log"

java -Xmx1g -cp "$cp" dev.sweep.api.SweepApiApplication \
  --server.port="${port}" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/${db}" \
  --spring.datasource.username=postgres \
  --sweep.user-token="${user_token}" --sweep.worker-token="${worker_token}" \
  --sweep.checkpoints.dir="${checkpoints}/store" \
  > "${log}" 2>&1 &
api=$!
trap 'kill "${api}" 2>/dev/null || true; wait "${api}" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  if curl -fs "http://127.0.0.1:${port}/actuator/health" > /dev/null 2>&1; then break; fi
  if ! kill -0 "${api}" 2>/dev/null; then echo "fleet: the API did not start; see ${log}" >&2; exit 1; fi
  sleep 1
done
psql -h 127.0.0.1 -U postgres -d "${db}" -qc \
  "TRUNCATE sweep_event, epoch_metric, checkpoint, trial, job, sweep, worker RESTART IDENTITY CASCADE"
echo "fleet: API pid ${api} on port ${port}, database ${db}, log ${log}"

java -Xmx2g -cp "$cp" dev.sweep.worker.bench.FleetBench \
  "http://127.0.0.1:${port}" "jdbc:postgresql://127.0.0.1:5432/${db}?user=postgres" \
  "${user_token}" "${worker_token}" "${workers}" "PT${seconds}S" "PT${epoch}S" "${epochs}" \
  > "${checkpoints}/fleet.log" 2>&1 || { tail -20 "${checkpoints}/fleet.log" >&2; exit 1; }
grep '^fleet:' "${checkpoints}/fleet.log"
echo "fleet: worker log ${checkpoints}/fleet.log"
# what the API itself measured, from its Prometheus endpoint
curl -fs "http://127.0.0.1:${port}/actuator/prometheus" \
  | grep -E '^(hikaricp_connections_(active|max)|tomcat_threads_(busy|config_max)_threads|sweep_worker_(claim|epoch_report)_seconds_(count|max)|sweep_jobs)' \
  | sed 's/^/fleet: api /' || true
