#!/usr/bin/env bash
# The service against what a user would run instead, back to back in one window: `./sweep run GRID
# --new` (API, embedded PostgreSQL and worker started by the launcher, the sweep trained, everything
# stopped), then the same grid in PyTorch + Optuna's GridSampler (optuna_torch_grid.py, every trial
# from scratch). Prints both wall times and the ratio sweep / PyTorch (the goal for grids/bench.yaml
# is at most 0.5x). The jars are built and both sides warmed up first, outside the timing.
#
# Usage: bench/sweep-vs-pytorch.sh [grid] [torch threads]     defaults: grids/bench.yaml 2
# Environment: SWEEP_BASELINES (default ../shared/baselines next to the checkout), SWEEP_PORT,
# SWEEP_HOME and the other ./sweep settings.
set -euo pipefail
cd "$(dirname "$0")/.."
grid="${1:-grids/bench.yaml}"
threads="${2:-2}"
baselines="${SWEEP_BASELINES:-$PWD/../shared/baselines}"
# shellcheck source=torch-blas.sh
. bench/torch-blas.sh
check_torch_blas
bench_openblas
[ -f "$baselines/optuna_torch_grid.py" ] \
  || { echo "bench: no optuna_torch_grid.py in $baselines; set SWEEP_BASELINES" >&2; exit 1; }

echo "bench: building the jars (not timed)" >&2
./mvnw -B -q -o -DskipTests package >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package >&2

now() { date +%s.%N; }
log="$(mktemp -t sweep-vs-pytorch-XXXXXX.log)"

# Untimed warm-ups, so both sides are timed as a user sees them from the second run on: the first
# ./sweep run after a build unpacks the jars and records their CDS archives (README, "The two
# commands"), and the first import of torch and optuna reads them from disk.
echo "bench: warming up (not timed)" >&2
warm="$(mktemp -t sweep-vs-pytorch-warm-XXXXXX.yaml)"
cat >"$warm" <<'EOF'
name: warm-up
method: grid
cache: false
metric: {name: val_accuracy, goal: maximize}
dataset: {name: fashion-mnist, validation_size: 1000, train_limit: 1000, seed: 1}
model: {type: mlp, hidden_layers: [32]}
parameters:
  learning_rate: {value: 0.01}
  epochs: {value: 1}
EOF
./sweep run "$warm" --new --progress=plain >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
torch_python -c "import torch, optuna" >/dev/null 2>&1 || true

# the result cache would answer a repeated grid from the last run's results: train it for real
timed_grid="$(mktemp -t sweep-vs-pytorch-XXXXXX.yaml)"
{ cat "$grid"; grep -q '^cache:' "$grid" || printf '\ncache: false\n'; } >"$timed_grid"

t0="$(now)"
./sweep run "$timed_grid" --new --progress=plain >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
t1="$(now)"
sweep_s="$(echo "$t1 - $t0" | bc -l)"
best_sweep="$(grep -m1 -iE 'best|val_accuracy' "$log" || true)"

t2="$(now)"
torch_json="$(torch_python "$baselines/optuna_torch_grid.py" "$grid" "$threads" 2>/dev/null | tail -1)"
t3="$(now)"
torch_s="$(echo "$t3 - $t2" | bc -l)"
torch_study_s="$(echo "$torch_json" | sed -n 's/.*"wall_s": *\([0-9.]*\).*/\1/p')"

printf '%s, %s\n' "$grid" "$(date -u +%Y-%m-%dT%H:%MZ)"
grep -m1 -E 'trials in .* jobs' "$log" | sed 's/^/  sweep plan: /' || true
printf '  ./sweep run (start-up, training, shutdown): %8.1f s\n' "$sweep_s"
printf '  PyTorch + Optuna, whole process:            %8.1f s  (its study alone: %s s)\n' \
  "$torch_s" "${torch_study_s:-?}"
printf '  ratio sweep / PyTorch:                      %8.2fx' "$(echo "$sweep_s / $torch_s" | bc -l)"
if [ -n "$torch_study_s" ]; then
  printf '  (%.2fx against its study alone)' "$(echo "$sweep_s / $torch_study_s" | bc -l)"
fi
printf '\n  PyTorch: %s\n  sweep log: %s\n' "$torch_json" "$log"
[ -n "$best_sweep" ] && printf '  sweep: %s\n' "$best_sweep"
exit 0
