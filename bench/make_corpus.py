#!/usr/bin/env python3
"""Builds a large ingest corpus (gzipped JSON Lines) out of a folder of real article texts.

Copy k of text t keeps t's first paragraph (the headline) in place and shuffles the other
paragraphs with a random generator seeded by (k, t), so every copy reads like an article but
has different content, hence a different content hash; the record id is `<stem>~<k>`. When a
text has too few paragraphs for a new order (a copy equal to one already written), the copy
number is appended to its headline so its hash still differs; the count of such copies is
printed. Each record gets a publication date spread over 2021-2022 so that date queries have
something to range over.

The texts are read in place and the corpus is written outside the repository (the source
texts may not be redistributed).

usage: make_corpus.py SRC_DIR OUT.jsonl.gz N
"""

import gzip
import hashlib
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path


def main() -> None:
    src, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(src.rglob("*.txt"))]
    if not texts:
        sys.exit(f"no *.txt under {src}")
    seen, retitled = set(), 0
    start = date(2021, 1, 1)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as f:
        for i in range(n):
            k, (stem, text) = divmod(i, len(texts))[0], texts[i % len(texts)]
            paras = [p for p in text.split("\n\n") if p.strip()] or [text]
            head, rest = paras[0], paras[1:]
            random.Random(f"{k}/{stem}").shuffle(rest)
            body = "\n\n".join([head] + rest)
            digest = hashlib.sha256(body.encode()).digest()
            if k > 0 and digest in seen:
                body = "\n\n".join([f"{head} ({k})"] + rest)
                digest = hashlib.sha256(body.encode()).digest()
                retitled += 1
            seen.add(digest)
            published = start + timedelta(days=i % 730)
            record = {"id": f"{stem}~{k}", "published": published.isoformat(), "text": body}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{n} documents from {len(texts)} texts; {retitled} copies needed a retitle", file=sys.stderr)


if __name__ == "__main__":
    main()
