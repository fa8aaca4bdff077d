#!/usr/bin/env bash
# grids/quick.yaml's best configuration trained on the same batches from the same initial weights
# by the worker's fused layers and by DL4J's own layers; prints validation and test accuracy of
# both (see README, "Reaching 90 %" and "Performance").
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1
cp="$(bench/classpath.sh)"
exec java -Xmx4g -cp "$cp" dev.sweep.worker.bench.LayerParity "$@"
