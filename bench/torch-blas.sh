# Sourced by the benches that run a PyTorch baseline. Debian's python3-torch takes its BLAS from the
# libblas.so.3 alternative: without OpenBLAS that is the reference BLAS, single-threaded and several
# times slower, which would flatter the service. Stop with the command that fixes it.
check_torch_blas() {
  local blas
  blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
  case "$blas" in
    *openblas*) return 0 ;;
  esac
  echo "bench: PyTorch would run on the reference BLAS (${blas:-none}), several times slower than" >&2
  echo "bench: a user's; install OpenBLAS first: apt-get install -y libopenblas0-pthread" >&2
  exit 1
}
