#!/usr/bin/env bash
# Worker throughput, fused against unfused: the MLP 784-256-128-10 (Adam) on the full data, one epoch
# (training + validation) per measurement, variants alternated round by round: the pre-fusion epoch
# ("legacy"), and fused groups of T trials (T = 1 is a job alone). Prints median s/epoch, samples/s
# summed over the trials, process CPU s/epoch and the ratio to T = 1, per batch size and layout.
# Then the seed's Mixer s/epoch (bench/mixer.sh): 1 trial on 2 threads, 2 trials on 1 thread each.
# Usage: bench/worker.sh [rounds] [trial counts] [batch sizes] [layouts]
#   defaults: 3 1,2,4,8,16 256,64 2x1,1x1,1x2   (layout = ND4J threads x concurrent slots)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
# shellcheck source=openblas.sh
. bench/openblas.sh
bench_openblas
cp="$(bench/classpath.sh)"
java -Xmx6g -cp "$cp" dev.sweep.worker.bench.WorkerBench "$@"
exec java -Xmx4g -cp "$cp" dev.sweep.worker.bench.MixerBench threads
