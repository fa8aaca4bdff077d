#!/usr/bin/env bash
# What a per-epoch checkpoint costs a fused group: uploaded on the training thread (sync), beside
# the next epoch (async), or not this epoch (periodic, sweep.worker.checkpoint-every). Prints the
# median s/epoch of each and the ratio to periodic. Usage: bench/checkpoint.sh [rounds] [trials]
# [batch] [train images]   (defaults 5 4 256 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
cp="$(bench/classpath.sh)"
exec java -Xmx4g -cp "$cp" dev.sweep.worker.bench.CheckpointBench "$@"
