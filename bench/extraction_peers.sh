#!/usr/bin/env bash
# Side-by-side HTML extraction speed: attache vs Python trafilatura, same AEB pages, one core.
#
#   bench/extraction_peers.sh [--data DIR]
#
# Installs trafilatura from PyPI into a throw-away venv (removed at exit), builds the release
# attache, runs both pinned to one core on the same pages (read and gunzipped before the clock
# starts) and prints pages/s for each and the ratio attache/trafilatura.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
data="$repo/../shared/data/extraction"
[[ "${1:-}" == "--data" ]] && data="${2:?--data needs a DIR}"
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

ours="$("${pin[@]}" "$CARGO_TARGET_DIR/release/attache" eval extraction --aeb "$aeb" --json |
  python3 -c 'import json,sys; print(1000 / json.load(sys.stdin)["aeb"]["ms_per_page"])')"

theirs="$("${pin[@]}" "$venv/bin/python" - "$aeb/html" <<'PY'
import gzip, pathlib, sys, time
import trafilatura
pages = [gzip.decompress(p.read_bytes()) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.html.gz"))]
start = time.perf_counter()
for page in pages:
    trafilatura.bare_extraction(page, with_metadata=True)
print(len(pages) / (time.perf_counter() - start))
PY
)"

python3 - "$ours" "$theirs" <<'PY'
import sys
ours, theirs = map(float, sys.argv[1:])
print(f"attache      {ours:8.1f} pages/s (one core; body + metadata + boilerplate)")
print(f"trafilatura  {theirs:8.1f} pages/s (one core; bare_extraction with metadata)")
print(f"ratio        {ours / theirs:8.1f}x")
PY
