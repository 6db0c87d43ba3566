#!/usr/bin/env bash
# The France -> Russia dyad series on a small corpus that contains the seed article.
#
#   bench/dyad_seed.sh [--texts 200] [--published 2022-02-08]
#
# Ingests, into a fresh store in a temp dir: the seed article (../shared/gold/seed.txt, read in
# place, never copied into the repository), the bundled sample corpus (examples/corpus) and the
# first --texts PolNeAR training texts. Documents that state no publication date get
# --published (the seed states none; it reports talks held "on Monday" in February 2022).
# Then prints `attache query dyad --source FRA --target RUS --by day`, the events behind it and
# the reverse dyad.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
seed="$repo/../shared/gold/seed.txt"
polnear="$repo/../shared/data/polnear/train/text"
texts=200
published=2022-02-08
while [ $# -gt 0 ]; do
    case "$1" in
        --texts) texts=$2; shift 2 ;;
        --published) published=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        *) echo "usage: $0 [--texts N] [--published YYYY-MM-DD] [--bin ATTACHE]" >&2; exit 2 ;;
    esac
done
[ -f "$seed" ] || { echo "skipped: no seed article at $seed" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${bin:-}" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/attache-target}
    cargo build --release -q -p attache-cli --manifest-path "$repo/Cargo.toml"
    bin="$CARGO_TARGET_DIR/release/attache"
fi

inputs=("$seed" "$repo/examples/corpus")
if [ -d "$polnear" ]; then
    mapfile -t more < <(find "$polnear" -name '*.txt' | sort | head -n "$texts")
    inputs+=("${more[@]}")
fi
store="$work/corpus.db"
echo "\$ attache ingest seed.txt examples/corpus <$(( ${#inputs[@]} - 2 )) PolNeAR texts> --published $published"
"$bin" ingest "${inputs[@]}" --store "$store" --published "$published" 2>&1 | grep '^attache: ingested'
q() { echo; echo "\$ attache query $*"; "$bin" query "$@" --store "$store"; }
q dyad --source FRA --target RUS --by day
q events --actor FRA --limit 10
q dyad --source RUS --target FRA --by day
