# Sourced by the benches.
# The worker, and PyTorch where a bench runs it, on OpenBLAS's fastest kernels for this CPU. Left
# to itself, the OpenBLAS in nd4j-native (0.3.19) took its SSE2-era kernels on an AMD EPYC of family
# 1Ah with AVX-512, and Debian's (0.3.21, PyTorch's) its AVX-512 ones. The worker now picks them
# from the CPU's flags itself (OpenBlasCore), but keeps OPENBLAS_CORETYPE when the environment sets
# it, and some machines pin it (that one exported OPENBLAS_CORETYPE=Haswell to every process). So
# the benches set it to what OpenBlasCore would choose; bench_openblas exports it and says so.
openblas_core() { # the same rule as OpenBlasCore.forFlags
  local flags f all=yes
  flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
  for f in avx512f avx512cd avx512bw avx512dq avx512vl; do
    case "$flags" in *" $f "*) ;; *) all="" ;; esac
  done
  if [ -n "$all" ]; then echo SkylakeX; return; fi
  case "$flags" in *" avx2 "*) case "$flags" in *" fma "*) echo Haswell ;; esac ;; esac
}
bench_openblas() {
  local core
  core="$(openblas_core)"
  if [ -n "$core" ]; then
    export OPENBLAS_CORETYPE="$core"
    echo "bench: OpenBLAS kernels for the benchmark: $core (OPENBLAS_CORETYPE)" >&2
  fi
}
