#!/usr/bin/env bash
# The local API's start-up with and without a Spring Boot class-data-sharing (CDS) archive: extracts
# the sweep-local jar (java -Djarmode=tools ... extract), makes the archive with a training run
# (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh), then starts the API alternately
# without and with -XX:SharedArchiveFile and prints the median "Started ... in N seconds" of each
# and the ratio. Usage: bench/startup.sh [rounds]   (default 3; port 18099, a throwaway data dir)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
./mvnw -B -q -o -DskipTests -pl sweep-local -am package >/dev/null 2>&1 \
  || ./mvnw -B -q -DskipTests -pl sweep-local -am package >&2
jar="$(ls sweep-local/target/sweep-local-*.jar | grep -v -e -sources -e -tests | head -1)"
work="$(mktemp -d -t sweep-startup-XXXXXX)"
trap 'rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app="$work/app/$(basename "$jar")"
args=(--server.port=18099 --sweep.embedded-db.dir="$work/pgdata" --sweep.checkpoints.dir="$work/ckpt")
java -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$app" "${args[@]}" \
  >"$work/training.log" 2>&1 || true
[ -f "$work/app.jsa" ] || { echo "bench: no CDS archive was written; see the log:" >&2; tail -20 "$work/training.log" >&2; exit 1; }

start_once() { # $@ = extra JVM options; prints the seconds Boot reports for the start
  local log="$work/run.log" pid s=""
  java "$@" -jar "$app" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    s="$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$log" | head -1)"
    [ -n "$s" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "${s:-nan}"
}

plain=(); cds=()
for ((r = 0; r < rounds; r++)); do
  plain+=("$(start_once)")
  cds+=("$(start_once -XX:SharedArchiveFile="$work/app.jsa")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p="$(median "${plain[@]}")"; c="$(median "${cds[@]}")"
printf 'API start-up (sweep-local, extracted jar), median of %d, load %s\n' "$rounds" "$(cut -d' ' -f1 /proc/loadavg)"
printf '  without CDS: %6.2f s   (%s)\n' "$p" "${plain[*]}"
printf '  with CDS:    %6.2f s   (%s)   %.2fx\n' "$c" "${cds[*]}" "$(echo "$c / $p" | bc -l)"
