#!/usr/bin/env bash
# Worker throughput: MLP 784-256-128-10, Adam, batch 256, 3 epochs on the full data, with 1 slot
# and with N slots (default: the number of cores). Prints median s/epoch, samples/s and the ratio.
# Then the seed's Mixer s/epoch (bench/mixer.sh): 1 trial on 2 threads, 2 trials on 1 thread each.
# Usage: bench/worker.sh [N] [epochs]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
cp="$(bench/classpath.sh)"
java -Xmx4g -cp "$cp" dev.sweep.worker.bench.WorkerBench "$@"
exec java -Xmx4g -cp "$cp" dev.sweep.worker.bench.MixerBench threads
