#!/usr/bin/env bash
# attache's HTML extraction speed, one core: pages/s on the AEB and WCXB dev pages.
#
#   bench/extraction.sh [--data DIR]
#
# Builds the release attache and runs `attache eval extraction` pinned to one core; the scorer
# times the extractor alone (decoding, parsing, body, metadata, boilerplate), not reading or
# gunzipping the files. Prints ms/page and pages/s per set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
data="$repo/../shared/data/extraction"
[[ "${1:-}" == "--data" ]] && data="${2:?--data needs a DIR}"
if [[ ! -d "$data/aeb" ]]; then
  echo "extraction.sh: $data/aeb not found (pass --data DIR)" >&2
  exit 2
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/attache-target}"
cargo build --release -q -p attache-cli --manifest-path "$repo/Cargo.toml"
bin="$CARGO_TARGET_DIR/release/attache"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
"${pin[@]}" "$bin" eval extraction --aeb "$data/aeb" --wcxb "$data/wcxb-articles-dev" --json |
  python3 -c '
import json, sys
r = json.load(sys.stdin)
for name in ("aeb", "wcxb"):
    ms, pages = r[name]["ms_per_page"], r[name]["pages"]
    print(f"{name:<6} {pages:>5} pages  {ms:7.2f} ms/page  {1000 / ms:8.1f} pages/s (one core)")
'
