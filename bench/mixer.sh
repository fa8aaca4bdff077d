#!/usr/bin/env bash
# Mixer training speed at the seed's defaults (batch 256, full 50k training images, training only).
#   bench/mixer.sh                 1 trial on 2 threads, and 2 trials on 1 thread each
#   bench/mixer.sh compare [N]     hand-written layers against the old SameDiff ones, N rounds
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
# shellcheck source=openblas.sh
. bench/openblas.sh
bench_openblas
cp="$(bench/classpath.sh)"
exec java -Xmx4g -cp "$cp" dev.sweep.worker.bench.MixerBench "$@"
