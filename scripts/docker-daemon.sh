# Sourced by scripts/compose-test.sh and .ci/run: a Docker daemon to talk to. DOCKER_HOST if set;
# else the system daemon if it answers; else a private dockerd started here as root, with its own
# data root, exec root and socket so it disturbs no other daemon (it is left running for the next
# use). Sets DOCKER (the CLI) and exports DOCKER_HOST.
SWEEP_DOCKER_DIR="${SWEEP_DOCKER_DIR:-/run/sweep-docker}"
SWEEP_DOCKER_DATA="${SWEEP_DOCKER_DATA:-/var/lib/sweep-docker}"

docker_cli() {
  # the classic CLI does BuildKit builds itself; a newer one without the buildx plugin cannot
  if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else command -v docker; fi
}

ensure_docker() {
  DOCKER="${DOCKER:-$(docker_cli)}"
  [ -n "$DOCKER" ] || { echo "needs the docker CLI: apt-get install docker.io" >&2; return 1; }
  if [ -n "${DOCKER_HOST:-}" ] && "$DOCKER" info >/dev/null 2>&1; then return 0; fi
  if [ -z "${DOCKER_HOST:-}" ] && "$DOCKER" info >/dev/null 2>&1; then return 0; fi
  export DOCKER_HOST="unix://$SWEEP_DOCKER_DIR/docker.sock"
  if "$DOCKER" info >/dev/null 2>&1; then return 0; fi
  command -v dockerd >/dev/null || { echo "needs dockerd: apt-get install docker.io" >&2; return 1; }
  [ "$(id -u)" -eq 0 ] || { echo "no Docker daemon answers, and starting one needs root" >&2; return 1; }
  mkdir -p "$SWEEP_DOCKER_DIR" "$SWEEP_DOCKER_DATA"
  echo "starting dockerd (socket $SWEEP_DOCKER_DIR/docker.sock, log $SWEEP_DOCKER_DIR/dockerd.log)" >&2
  setsid dockerd --data-root "$SWEEP_DOCKER_DATA" --exec-root "$SWEEP_DOCKER_DIR/exec" \
    --pidfile "$SWEEP_DOCKER_DIR/dockerd.pid" --host "$DOCKER_HOST" \
    >"$SWEEP_DOCKER_DIR/dockerd.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "dockerd did not answer within 60 s; see $SWEEP_DOCKER_DIR/dockerd.log" >&2
  return 1
}
