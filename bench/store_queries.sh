#!/usr/bin/env bash
# Query latency on a generated store of N documents (default 1,000,000).
#
#   bench/store_queries.sh                          # 1,000,000 documents
#   bench/store_queries.sh --docs 100000 --work /tmp/q --keep
#   bench/store_queries.sh --store big.db           # time the queries on an existing store
#   bench/store_queries.sh --bin path/to/attache --synth path/to/synth_store   # no build
#
# The store is generated, not analysed: bench/make_corpus.py writes --texts documents
# (default 2,000) from the PolNeAR training texts, `attache analyze` analyses them once, and the
# `synth_store` example writes N documents into a fresh store, document i being a copy of
# analysis i mod --texts moved to day i mod 730 of 2021-2022 (see
# crates/attache/examples/synth_store.rs). Every row goes through the writer `attache ingest`
# uses, so the store has ingest's tables, indexes and aggregates, with real names, quotes, actor
# and CAMEO codes. Each query is then run 5 times; the median wall time (ms, including process
# start) is printed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
docs=1000000
texts=2000
corpus="$repo/../shared/data/polnear/train/text"
work=""
keep=0
store=""
bin=""
synth=""
while [ $# -gt 0 ]; do
    case "$1" in
        --docs) docs=$2; shift 2 ;;
        --texts) texts=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        --store) store=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        --synth) synth=$2; shift 2 ;;
        *) echo "usage: $0 [--docs N] [--texts N] [--corpus DIR] [--work DIR] [--keep] [--store DB] [--bin ATTACHE] [--synth SYNTH_STORE]" >&2; exit 2 ;;
    esac
done
if [ -z "$work" ]; then
    work=$(mktemp -d)
    [ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/attache-target}
if [ -z "$bin" ]; then
    echo "== building the release binary" >&2
    cargo build --release -q -p attache-cli --manifest-path "$repo/Cargo.toml"
    bin="$CARGO_TARGET_DIR/release/attache"
fi
if [ -z "$store" ] && [ -z "$synth" ]; then
    echo "== building the generator" >&2
    cargo build --release -q -p attache --example synth_store --manifest-path "$repo/Cargo.toml"
    synth="$CARGO_TARGET_DIR/release/examples/synth_store"
fi

if [ -z "$store" ]; then
    store="$work/store.db"
    analyses="$work/analyses.jsonl"
    if [ ! -s "$analyses" ]; then
        echo "== analysing $texts documents made from $corpus" >&2
        python3 "$here/make_corpus.py" "$corpus" "$work/texts.jsonl.gz" "$texts"
        gzip -dc "$work/texts.jsonl.gz" > "$work/texts.jsonl"
        "$bin" analyze "$work/texts.jsonl" --format jsonl -o "$analyses"
    fi
    rm -f "$store" "$store-wal" "$store-shm"
    echo "== writing $docs documents" >&2
    /usr/bin/time -v "$synth" "$analyses" "$store" "$docs" \
        2> "$work/synth.log" || { cat "$work/synth.log" >&2; exit 1; }
    grep -E '^stored|Maximum resident' "$work/synth.log" >&2 || true
fi

# shellcheck source=bench/query_latency.sh
. "$here/query_latency.sh"

count() { "$bin" query "$@" --store "$store" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

echo
python3 - "$store" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for table in ["documents", "entities", "quotes", "events", "event_clusters", "dyad_days"]:
    print(f"{table:26}{db.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:>12,}")
PY
echo "store size                $(( $(stat -c %s "$store") / 1048576 )) MiB"
echo "query latency (median of 5, ms, including process start; rows returned):"
run() { printf '  %-62s %6s ms  %s rows\n' "$*" "$(latency "$@")" "$(count "$@")"; }
run quotes --speaker trump
run quotes --search 'health care'
run quotes --speaker clinton --search email
run quotes --speaker sanders --search 'wall street' --limit 100
run quotes --kind belief
run quotes --speaker trump --search wall --kind statement
run quotes --search 'the'
run quotes --limit 20
run quotes --speaker an --search tax
run speakers
run events --actor USA
run events --actor RUS --from 2022-01-01 --to 2022-03-31
run events --code 19
run events --code 04 --from 2021-06-01 --to 2021-06-30
run dyad --source USA --target RUS --by week
run dyad --source USA --target USA --by month
run dyad --source FRA --target RUS --by day
run dyads --hostile
run dyads --cooperative --from 2022-01-01 --to 2022-06-30
