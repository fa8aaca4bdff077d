#!/usr/bin/env bash
# Training speed through the service, on the whole machine, against PyTorch in the same window.
# Three sweeps of 4 one-epoch trials on the full data (50k training images, 10k validation), run by
# `./sweep run` on one API and one local worker (one slot per core): the MLP 784-256-128-10 at batch
# 256 and at batch 64, and the seed's Mixer at batch 256 (Adam, four learning rates, so nothing
# folds; `cache: false`). Each is timed from its first job's start to its last job's end, as the API
# recorded them, so validation, test evaluation, checkpoints and reports are inside the time; start-up
# is not, and neither is a first untimed sweep that warms the worker's JIT up. Each round then runs
# ../shared/baselines/torch_epoch.py (one PyTorch trial on 2 threads, training only) while the
# service idles, so both sides of a ratio share a window: this machine's speed moves from one
# quarter-hour to the next. Prints each round's ratios (service seconds per trial-epoch / PyTorch's,
# and samples/s), then the medians over the rounds.
#
# Usage: bench/service-epochs.sh [fusion max-trials] [rounds]
#   max-trials default 2: each sweep forms 2 groups of 2, one per core (4 would put all four trials
#   in one group on one slot, leaving a core idle); rounds default 3
# Environment: SWEEP_BASELINES (default ../shared/baselines), SWEEP_PORT (default 18190).
set -euo pipefail
cd "$(dirname "$0")/.."
group="${1:-2}"
rounds="${2:-3}"
baselines="${SWEEP_BASELINES:-$PWD/../shared/baselines}"
# shellcheck source=torch-blas.sh
. bench/torch-blas.sh
check_torch_blas
bench_openblas
[ -f "$baselines/torch_epoch.py" ] || { echo "bench: no torch_epoch.py in $baselines" >&2; exit 1; }

echo "bench: building the jars (not timed)" >&2
./mvnw -B -q -o -DskipTests package >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package >&2

work="$(mktemp -d -t sweep-service-epochs-XXXXXX)"
export SWEEP_HOME="$work/home" SWEEP_PORT="${SWEEP_PORT:-18190}" OMP_WAIT_POLICY=PASSIVE
# the group cap through the environment (Spring's relaxed binding), not SWEEP_API_JAVA_OPTS, which
# would replace the local API's default JVM options and time a different API
export SWEEP_FUSION_MAXTRIALS="$group"
trap './sweep stop >/dev/null 2>&1 || true' EXIT

grid() { # $1 name, $2 batch size, $3 model block
  cat >"$work/$1.yaml" <<EOF
name: $1
method: grid
cache: false
metric: {name: val_accuracy, goal: maximize}
dataset: {name: fashion-mnist, validation_size: 10000, seed: 42}
model: $3
parameters:
  optimizer: {value: adam}
  learning_rate: {values: [0.001, 0.002, 0.0005, 0.003]}
  batch_size: {value: $2}
  epochs: {value: 1}
EOF
}
grid mlp-b256 256 '{type: mlp, hidden_layers: [256, 128]}'
grid mlp-b64 64 '{type: mlp, hidden_layers: [256, 128]}'
grid mixer-b256 256 '{type: mixer, patch_size: 7, hidden_dim: 128, blocks: 2, token_mlp_dim: 64, channel_mlp_dim: 256}'

# Untimed: a small sweep first, so the timed ones run on a worker whose JIT has compiled the
# training loop, as every sweep but a fresh worker's first does.
cat >"$work/warm-up.yaml" <<EOF
name: warm-up
method: grid
cache: false
metric: {name: val_accuracy, goal: maximize}
dataset: {name: fashion-mnist, validation_size: 2000, train_limit: 8000, seed: 42}
model: {type: mlp, hidden_layers: [256, 128]}
parameters:
  learning_rate: {values: [0.001, 0.002, 0.0005, 0.003]}
  batch_size: {values: [64, 256]}
  epochs: {value: 1}
EOF
echo "bench: warming the worker up (not timed)" >&2
./sweep run "$work/warm-up.yaml" --keep --new --progress=plain >"$work/warm-up.log" 2>&1 \
  || { cat "$work/warm-up.log" >&2; exit 1; }

timed_sweep() { # $1 sweep name: runs it, prints its first job start to last job end in seconds
  ./sweep run "$work/$1.yaml" --keep --new --progress=plain >"$work/$1.log" 2>&1 \
    || { cat "$work/$1.log" >&2; exit 1; }
  local id token
  id="$(grep -o 'sweep #[0-9]*' "$work/$1.log" | head -1 | tr -dc 0-9)"
  # shellcheck disable=SC1091
  token="$(. "$SWEEP_HOME/tokens.env" && echo "$SWEEP_USER_TOKEN")"
  curl -fsS -H "Authorization: Bearer $token" \
    "http://localhost:$SWEEP_PORT/api/sweeps/$id/jobs" | /usr/bin/python3 -c '
import datetime, json, sys
jobs = json.load(sys.stdin)
at = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print((max(at(j["finishedAt"]) for j in jobs) - min(at(j["startedAt"]) for j in jobs)).total_seconds())'
}

rows=("mlp-b256 mlp 256" "mlp-b64 mlp 64" "mixer-b256 mixer 256")
results="$work/results.txt" # round sweep service-s/trial torch-s/epoch
: >"$results"
for round in $(seq "$rounds"); do
  declare -A span=()
  for row in "${rows[@]}"; do
    name="${row%% *}"
    span[$name]="$(timed_sweep "$name")"
    echo "bench: round $round $name: first job start to last job end ${span[$name]} s" >&2
  done
  torch="$(torch_python "$baselines/torch_epoch.py" 2 1)"
  for row in "${rows[@]}"; do
    set -- $row
    t="$(echo "$torch" | sed -n "s/^pytorch $2 batch $3,.*median \([0-9.]*\) s\/epoch.*/\1/p")"
    echo "$round $1 $(echo "${span[$1]} / 4" | bc -l) $t" >>"$results"
    echo "bench: round $round $1: PyTorch $t s/epoch" >&2
  done
done
./sweep stop >/dev/null 2>&1 || true

printf 'service: 4 one-epoch trials per sweep, fusion groups of at most %s, OpenBLAS %s, %s\n' \
  "$group" "${OPENBLAS_CORETYPE:-(its own choice)}" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-6s %-11s %14s %12s %12s %12s %8s\n' round sweep 'sweep s/trial' 'torch s/ep' \
  'sweep smp/s' 'torch smp/s' ratio
while read -r round name per t; do
  printf '%-6s %-11s %14.2f %12.2f %12.0f %12.0f %7.2fx\n' "$round" "$name" "$per" "$t" \
    "$(echo "50000 / $per" | bc -l)" "$(echo "50000 / $t" | bc -l)" "$(echo "$per / $t" | bc -l)"
done <"$results"
/usr/bin/python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for name in dict.fromkeys(r[1] for r in rows):
    ratios = [float(r[2]) / float(r[3]) for r in rows if r[1] == name]
    print(f"median {name:<11} ratio {statistics.median(ratios):.2f}x "
          f"(service samples/s {1 / statistics.median(ratios):.2f}x PyTorch's; rounds: "
          + ", ".join(f"{x:.2f}x" for x in ratios) + ")")
PY
echo "(ratio = the service's wall seconds per trial-epoch, evaluation included, over PyTorch's"
echo " training-only epoch on 2 threads, in the same round; below 1 the service is faster.)"
