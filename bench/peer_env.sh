# Sourced by the peer benchmarks: one environment for attache and its Python peers.
#   peer_env NAME PACKAGE…   sets $venv (a throw-away venv, removed at exit, with the packages
#                            installed from PyPI), $pin (taskset to one core when available) and
#                            $attache (the release binary, built here).
# Expects $repo (the repository root).

peer_env() {
  local name="$1"
  shift
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/attache-target}"
  # Outside the repo and kept between runs: reinstalling spaCy is then a local copy.
  export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$HOME/.cache/attache-pip}"
  # One core for the Python side's numerical libraries as well as for the process.
  export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
  # Leave no __pycache__ behind in bench/.
  export PYTHONDONTWRITEBYTECODE=1
  pin=()
  if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

  venv="$(mktemp -d -t "attache-$name.XXXXXX")"
  trap 'rm -rf "$venv"' EXIT

  echo "== installing $* into a throw-away venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"

  echo "== building attache (release)" >&2
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml" -p attache-cli
  attache="$CARGO_TARGET_DIR/release/attache"
}
