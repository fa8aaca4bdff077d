#!/usr/bin/env bash
# sweep-api benchmarks against a real PostgreSQL. Each *Bench class prints "BENCH ..." lines with
# its measurement and the ratio to its goal:
#   SweepCreateBench  expand + insert a 10,000-trial grid        goal < 1 s
#   BestQueryBench    GET /best over 1,000,000 epoch rows         goal p99 < 20 ms
#   ClaimBench        claims/s with 32 concurrent claimers        goal >= 1,000/s (job queue)
# Uses SWEEP_TEST_JDBC_URL if set, else a database sweep_bench on 127.0.0.1:5432 (created here).
# The benches truncate the tables of the database they use.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SWEEP_TEST_JDBC_URL:-}" ]; then
  if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'sweep_bench'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE sweep_bench"
  fi
  export SWEEP_TEST_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/sweep_bench?user=postgres"
fi
export OMP_WAIT_POLICY=PASSIVE
echo "bench: database ${SWEEP_TEST_JDBC_URL}"

reports=sweep-api/target/surefire-reports
rm -f "${reports}"/*Bench-output.txt
log="$(mktemp -t sweep-bench-XXXXXX.log)"
status=0
./mvnw -B -o -pl sweep-api -am verify -Dtest='*Bench' -Dsurefire.failIfNoSpecifiedTests=false \
  > "${log}" 2>&1 || status=$?
# surefire writes test output to files (redirectTestOutputToFile); show the results from there
grep -h -e '^BENCH ' -e '^claim ' "${reports}"/*Bench-output.txt 2>/dev/null || true
if [ "${status}" -ne 0 ]; then
  echo "bench: the Maven run failed (exit ${status}); see ${log}" >&2
  grep -E "Tests run:|FAIL|ERROR" "${log}" | tail -20 >&2 || true
fi
exit "${status}"
