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

# PyTorch frees and allocates its tensors anew every step. glibc gives blocks over 128 KB back to
# the kernel and maps them again, and on some kernels those page faults dominate: on this machine
# (2026-12-04) torch_epoch.py's MLP took 1.96 s per epoch at batch 256, with as much system time
# as user time, and 0.64 s with glibc told to keep freed memory. A user would do the same (or use
# jemalloc), so the baselines run with it: the service is compared with PyTorch at its best. (The
# worker gains nothing from it: it reuses its buffers; measured, the same within noise.)
TORCH_MALLOC="glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=4294967295"

# shellcheck source=openblas.sh
. "$(dirname "${BASH_SOURCE[0]}")/openblas.sh"
torch_python() { GLIBC_TUNABLES="$TORCH_MALLOC" OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$@"; }
