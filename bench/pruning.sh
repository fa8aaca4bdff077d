#!/usr/bin/env bash
# Early termination: how many epochs `early_terminate: {type: hyperband, min_iter: 3, eta: 3}` saves
# on the seed-mlp grid, and whether the best trial stays the same. Runs the same grid twice, without
# and with the rule, one after the other on one local API and worker (./sweep run --keep), then
# prints both runs' best trials, the epochs each trained, and the ratio.
#
# REDUCED: grids/seed-mlp.yaml plans 3,600 epochs over the full 50k images, hours on 2 cores. This
# runs its shape cut down: learning_rate {0.01, 0.001}, optimizer {adam, sgd}, loss {nll,
# cross_entropy} (folded), activation {relu, tanh}, batch_size 256, epochs {10, 30}, on
# train_limit 3000 and validation_size 2000 images: 32 trials in 8 jobs, 240 planned epochs.
# Rungs are at epochs 3, 9 and 27. Override the sizes with BENCH_TRAIN_LIMIT / BENCH_VALIDATION.
#
# Uses its own SWEEP_HOME (a temporary directory: embedded PostgreSQL, checkpoints, logs) and port
# SWEEP_PORT (default 18007). ASHA's outcome depends on the order jobs reach a rung, so with more
# worker slots (SWEEP_WORKER_SLOTS) the pruned set can differ.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
export SWEEP_PORT="${SWEEP_PORT:-18007}"
export SWEEP_HOME="${SWEEP_HOME:-$(mktemp -d -t sweep-bench-pruning-XXXXXX)}"
train_limit="${BENCH_TRAIN_LIMIT:-3000}"
validation="${BENCH_VALIDATION:-2000}"
dir="$SWEEP_HOME/grids"
mkdir -p "$dir"

grid() { # $1 = name, $2 = an early_terminate line or nothing
  cat <<YAML
name: $1
method: grid
metric: {name: val_accuracy, goal: maximize}
dataset: {name: fashion-mnist, validation_size: $validation, train_limit: $train_limit, seed: 42}
model: {type: mlp, hidden_layers: [256, 128]}
$2
parameters:
  learning_rate: {values: [0.01, 0.001]}
  optimizer: {values: [adam, sgd]}
  loss: {values: [nll, cross_entropy]}
  batch_size: {value: 256}
  epochs: {values: [10, 30]}
  activation: {values: [relu, tanh]}
YAML
}
grid seed-mlp-reduced "" > "$dir/plain.yaml"
grid seed-mlp-reduced-hyperband "early_terminate: {type: hyperband, min_iter: 3, eta: 3}" \
  > "$dir/hyperband.yaml"

stop() { ./sweep stop > /dev/null 2>&1 || true; }
trap stop EXIT

run() { # $1 = grid file; prints the sweep id
  local out="$SWEEP_HOME/$(basename "$1" .yaml).out" start end
  start=$(date +%s)
  ./sweep run "$1" --new --keep > "$out" 2>&1 || { tail -20 "$out" >&2; exit 1; }
  end=$(date +%s)
  echo "$((end - start))" > "$out.seconds"
  grep -o 'sweep #[0-9]*' "$out" | head -1 | tr -dc 0-9
}

echo "bench: SWEEP_HOME $SWEEP_HOME, train_limit $train_limit, validation_size $validation (REDUCED grid)"
plain=$(run "$dir/plain.yaml")
pruned=$(run "$dir/hyperband.yaml")

# shellcheck disable=SC1091
. "$SWEEP_HOME/tokens.env"
python3 - "$SWEEP_PORT" "$SWEEP_USER_TOKEN" "$plain" "$pruned" \
  "$(cat "$SWEEP_HOME/plain.out.seconds")" "$(cat "$SWEEP_HOME/hyperband.out.seconds")" <<'PY'
import json, sys, urllib.request
port, token, plain, pruned, s_plain, s_pruned = sys.argv[1:]

def get(path):
    req = urllib.request.Request(f"http://localhost:{port}{path}",
                                 headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)

def summary(sweep_id, label, seconds):
    s = get(f"/api/sweeps/{sweep_id}")
    jobs = get(f"/api/sweeps/{sweep_id}/jobs")
    jobs = jobs["items"] if isinstance(jobs, dict) else jobs
    trained = sum(j.get("currentEpoch", 0) for j in jobs)
    best = get(f"/api/sweeps/{sweep_id}/best")
    keys = ["learning_rate", "optimizer", "activation", "loss", "epochs"]
    params = " ".join(f"{k}={best['params'].get(k)}" for k in keys)
    print(f"BENCH {label}: sweep #{sweep_id} {s['status']}, counts {s['counts']}, "
          f"epochs trained {trained} of {s['epochsPlanned']} planned, wall {seconds} s")
    print(f"BENCH {label}: best trial {best['trialId']} val_accuracy {best['valAccuracy']:.4f} "
          f"test_accuracy {best['testAccuracy']:.4f} ({params})")
    return trained, best

t_plain, b_plain = summary(plain, "without early_terminate", s_plain)
t_pruned, b_pruned = summary(pruned, "hyperband min_iter 3 eta 3", s_pruned)
same = {k: v for k, v in b_plain["params"].items()} == {k: v for k, v in b_pruned["params"].items()}
print(f"BENCH epochs trained with/without: {t_pruned}/{t_plain} = {t_pruned / t_plain:.2f} "
      f"({100 * (1 - t_pruned / t_plain):.0f} % fewer; goal >= 50 %)")
print(f"BENCH best trial: {'the same configuration' if same else 'a different configuration'}, "
      f"val_accuracy {b_pruned['valAccuracy']:.4f} vs {b_plain['valAccuracy']:.4f} "
      f"({100 * (b_pruned['valAccuracy'] - b_plain['valAccuracy']):+.2f} points; goal within 0.3)")
PY
