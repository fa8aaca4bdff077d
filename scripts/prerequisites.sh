# Sourced by ./sweep (not run on its own): what `./sweep run` and `./sweep test` need from the
# machine, and its installation. Whatever is missing is installed from Debian's packages when this
# user may do so without a password prompt (as root with apt-get, or through `sudo -n`). The
# dataset can also be downloaded by the worker, SHA-256 checked, where the network allows.
# Otherwise the command stops with the exact command that installs what is missing.
#
# Expects from ./sweep: say, die, LOG_DIR, DATA_CACHE_DIR.

DEBIAN_DATA_DIR=/usr/share/datasets/fashion-mnist
DATASET_URL="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
DATASET_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# where DashboardBrowserTest looks for them
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

has_dataset() { # $1 = directory: all four IDX files, .gz or plain
  local f
  for f in "${DATASET_FILES[@]}"; do
    [ -f "$1/$f.gz" ] || [ -f "$1/$f" ] || return 1
  done
}

# Where the worker (and the tests) will read Fashion-MNIST: SWEEP_DATA_DIR alone when it is set (a
# silently used other copy would hide a typo), else Debian's directory, else the download cache.
dataset_dir() {
  local dir candidates=("$DEBIAN_DATA_DIR" "$DATA_CACHE_DIR")
  [ -n "${SWEEP_DATA_DIR:-}" ] && candidates=("$SWEEP_DATA_DIR")
  for dir in "${candidates[@]}"; do
    has_dataset "$dir" && { echo "$dir"; return 0; }
  done
  return 1
}

dataset_downloadable() {
  command -v curl >/dev/null 2>&1 \
    && curl -fsI --max-time 5 "${DATASET_URL}t10k-labels-idx1-ubyte.gz" >/dev/null 2>&1
}

provided() { # $1 = Debian package: is what it provides there, where its users look for it?
  case "$1" in
    dataset-fashion-mnist) dataset_dir >/dev/null ;;
    chromium) [ -x "$CHROMIUM" ] ;;
    chromium-driver) [ -x "$CHROMEDRIVER" ] ;;
    kubectl) command -v kubectl >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# Installs Debian packages with apt-get, as root or through sudo without a password. On failure it
# leaves the reason in INSTALL_FAILED for the final message.
INSTALL_FAILED=""
install_packages() { # $@ = packages
  local as=() reinstall=() p
  if ! command -v apt-get >/dev/null 2>&1; then
    INSTALL_FAILED="there is no apt-get here to install them with"
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      INSTALL_FAILED="this user is not root and there is no sudo"
      return 1
    fi
    if ! sudo -n true 2>/dev/null; then
      INSTALL_FAILED="this user is not root and sudo asks for a password"
      return 1
    fi
    as=(sudo -n)
  fi
  # a package dpkg calls installed but whose files are gone only comes back with --reinstall
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' && reinstall=(--reinstall)
  done
  local apt=(${as[@]+"${as[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -y -q)
  local install=("${apt[@]}" install ${reinstall[@]+"${reinstall[@]}"} "$@")
  local log="$LOG_DIR/apt.log"
  mkdir -p "$LOG_DIR"
  say "installing $* (Debian packages) with ${as[*]:+${as[*]} }apt-get; log: $log ..."
  # a fresh machine's package lists may be empty or stale: refresh them once if the first try fails
  if "${install[@]}" >"$log" 2>&1 \
    || { "${apt[@]}" update >>"$log" 2>&1 && "${install[@]}" >>"$log" 2>&1; }; then
    say "installed $*."
    return 0
  fi
  INSTALL_FAILED="apt-get failed (see $log)"
  tail -4 "$log" | sed 's/^/    /' >&2
  return 1
}

# Makes sure the packages' contents are there, installing what is missing when allowed. The dataset
# also counts when the worker can download it. Otherwise stops with the exact command to run.
ensure_packages() { # $1 = the command that needs them (for the message), rest = packages
  local needed_by="$1" p missing=() still=()
  shift
  for p in "$@"; do provided "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -n "${SWEEP_DATA_DIR:-}" ] && has dataset-fashion-mnist "${missing[@]}"; then
    die "SWEEP_DATA_DIR=$SWEEP_DATA_DIR does not hold the four Fashion-MNIST IDX files (${DATASET_FILES[*]}, .gz or plain)."
  fi
  install_packages "${missing[@]}" || true
  for p in "${missing[@]}"; do
    provided "$p" && continue
    if [ "$p" = dataset-fashion-mnist ] && dataset_downloadable; then
      say "Fashion-MNIST is not installed; it will be downloaded (about 30 MB, SHA-256 checked) into $DATA_CACHE_DIR."
      continue
    fi
    still+=("$p")
  done
  [ ${#still[@]} -eq 0 ] && return 0
  give_up "$needed_by" "${still[@]}"
}

give_up() { # $1 = command, rest = packages still missing
  local needed_by="$1" install
  shift
  install="apt-get install $*"
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then install="sudo $install"; else install="su -c '$install'"; fi
  fi
  say "$needed_by needs $(names "$@"), not installed here, and ${INSTALL_FAILED:-it could not be installed}."
  if has dataset-fashion-mnist "$@"; then
    echo "  Fashion-MNIST: looked in ${SWEEP_DATA_DIR:-$DEBIAN_DATA_DIR and $DATA_CACHE_DIR}; no route to download it." >&2
  fi
  if has chromium "$@" || has chromium-driver "$@"; then
    echo "  DashboardBrowserTest drives a headless $CHROMIUM through $CHROMEDRIVER." >&2
  fi
  if has kubectl "$@"; then
    echo "  KubernetesManifestsTest renders deploy/k8s with kubectl kustomize (Debian 13 and later: kubernetes-client; else Kubernetes' apt repository, pkgs.k8s.io)." >&2
  fi
  if command -v apt-get >/dev/null 2>&1; then
    printf '%s\n\n    %s\n\n%s\n' "Install with:" "$install" "then run $needed_by again." >&2
  else
    echo "Install the equivalent of Debian's $* for this system, then run $needed_by again." >&2
  fi
  if has dataset-fashion-mnist "$@"; then
    printf '%s\n' "Fashion-MNIST may also come from any directory with its four IDX files (.gz or plain;" \
      "their SHA-256 is checked): SWEEP_DATA_DIR=/that/directory $needed_by" >&2
  fi
  exit 1
}

has() { # $1 = word, rest = list
  local w="$1"
  shift
  [[ " $* " == *" $w "* ]]
}

names() { # packages -> "A, B and C", as people call them
  local p out=()
  for p in "$@"; do
    case "$p" in
      dataset-fashion-mnist) out+=("Fashion-MNIST") ;;
      chromium) out+=("Chromium") ;;
      chromium-driver) out+=("chromedriver") ;;
      *) out+=("$p") ;;
    esac
  done
  local last="${out[${#out[@]}-1]}"
  if [ ${#out[@]} -eq 1 ]; then echo "$last"; return; fi
  unset "out[${#out[@]}-1]"
  local IFS=,
  echo "${out[*]} and $last" | sed 's/,/, /g'
}
