#!/usr/bin/env bash
# Side-by-side HTML extraction speed: attache vs Python trafilatura, same AEB pages, one core.
#
#   bench/extraction_peers.sh [--data DIR] [--rounds N]
#
# Installs trafilatura from PyPI into a throw-away venv (removed at exit), builds the release
# attache, runs both pinned to one core on the same pages (read and gunzipped before the clock
# starts) and prints pages/s for each and the ratio attache/trafilatura. Each tool runs N rounds
# (default 5), alternating, and the median round counts: one pass of attache over the 181 pages
# takes under half a second, short enough for a noisy neighbour to halve a single reading.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
data="$repo/../shared/data/extraction"
rounds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="${2:?--data needs a DIR}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs N}"; shift 2 ;;
    *) echo "usage: $0 [--data DIR] [--rounds N]" >&2; exit 2 ;;
  esac
done
aeb="$data/aeb"
if [[ ! -d "$aeb/html" ]]; then
  echo "extraction_peers.sh: $aeb/html not found (pass --data DIR)" >&2
  exit 2
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/attache-target}"
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$HOME/.cache/attache-pip}"
venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)

python3 -m venv "$venv"
"$venv/bin/pip" install -q trafilatura lxml_html_clean
cargo build --release -q -p attache-cli --manifest-path "$repo/Cargo.toml"

ours_once() {
  "${pin[@]}" "$CARGO_TARGET_DIR/release/attache" eval extraction --aeb "$aeb" --json |
    python3 -c 'import json,sys; print(1000 / json.load(sys.stdin)["aeb"]["ms_per_page"])'
}

theirs_once() {
  "${pin[@]}" "$venv/bin/python" - "$aeb/html" <<'PY'
import gzip, pathlib, sys, time
import trafilatura
pages = [gzip.decompress(p.read_bytes()) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.html.gz"))]
start = time.perf_counter()
for page in pages:
    trafilatura.bare_extraction(page, with_metadata=True)
print(len(pages) / (time.perf_counter() - start))
PY
}

median() { python3 -c 'import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))' "$@"; }
ours_runs=(); theirs_runs=()
for _ in $(seq "$rounds"); do
  ours_runs+=("$(ours_once)")
  theirs_runs+=("$(theirs_once)")
done
echo "rounds (pages/s): attache ${ours_runs[*]}; trafilatura ${theirs_runs[*]}" >&2
ours="$(median "${ours_runs[@]}")"
theirs="$(median "${theirs_runs[@]}")"

python3 - "$ours" "$theirs" <<'PY'
import sys
ours, theirs = map(float, sys.argv[1:])
print(f"attache      {ours:8.1f} pages/s (median round, one core; body + metadata + boilerplate)")
print(f"trafilatura  {theirs:8.1f} pages/s (median round, one core; bare_extraction with metadata)")
print(f"ratio        {ours / theirs:8.1f}x")
PY
