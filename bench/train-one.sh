#!/usr/bin/env bash
# Trains one configuration on the full data without the API and prints test accuracy and s/epoch.
# Examples:
#   bench/train-one.sh model=mlp hidden=256,128 lr=0.001 batch=256 epochs=20
#   bench/train-one.sh model=mixer epochs=10
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
# shellcheck source=openblas.sh
. bench/openblas.sh
bench_openblas
cp="$(bench/classpath.sh)"
exec java -Xmx4g -cp "$cp" dev.sweep.worker.bench.TrainOne "$@"
