"""Benchmark: the Argos engine against argostranslate's per-sentence path, on the tiny model.

Run by hand (not in CI):  python bench/argos.py [--rounds 7] [--width 256] [--max-length 48]

Three ways to translate every segment of the article with the same CTranslate2 model
(same beam size 4, same output length cap, one thread each):
  engine     ArgosEngine.translate: one batched call for the article, plus n-best
             hypotheses and attention (for re-ranking and putting tags back)
  argos      argostranslate's path for one sentence, as ``apply_packaged_translation``
             does it: its SentencePiece tokenizer, one ``translate_batch`` call per
             sentence. argostranslate.translate itself cannot be imported without stanza
             and torch, so this is its loop, without its sentence splitter (which would
             only add time to it)
  floor      a single ``translate_batch`` on pre-tokenised input: no tokenising, no
             n-best, no attention: what decoding alone costs
The rounds interleave the three (their order rotates each round); medians and spread
are given as ratios. The model has random weights, so it never ends a sentence by itself:
every output runs to --max-length pieces, the same for all three.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "engines")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--width", type=int, default=256, help="model width (the tests use 32)")
    parser.add_argument("--max-length", type=int, default=48, help="output pieces per sentence")
    args = parser.parse_args()

    import ctranslate2
    import tiny_argos
    from argostranslate.tokenizer import SentencePieceTokenizer

    from pipeline.engines import packages, retag
    from pipeline.engines.argos import ArgosEngine
    from pipeline.engines.base import Request
    from pipeline.segment.document import segments
    from pipeline.segment.pandoc import read_source

    tmp = Path(tempfile.mkdtemp(prefix="bench-argos-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(tmp / "packages")
    pkg = packages.install_file(tiny_argos.build_package(tmp, width=args.width))
    _, ast = read_source(ROOT / "source" / "invisibles.fr.md")
    segs = segments(ast)
    requests = [Request(s, s.source) for s in segs]
    plain = [retag.untag(s.source).plain for s in segs]

    engine = ArgosEngine(pkg, max_length=args.max_length, threads=1)
    tokenizer = SentencePieceTokenizer(pkg.sentencepiece)
    translator = ctranslate2.Translator(str(pkg.model_dir), device="cpu", intra_threads=1)
    pretokenised = [tokenizer.encode(s) for s in plain]

    def run_engine() -> None:
        engine.translate(requests)

    def run_argos() -> None:  # apply_packaged_translation, one sentence at a time
        for sentence in plain:
            tokens = [tokenizer.encode(sentence)]
            result = translator.translate_batch(
                tokens,
                replace_unknowns=True,
                max_batch_size=32,
                batch_type="tokens",
                beam_size=4,
                num_hypotheses=1,
                length_penalty=0.2,
                return_scores=True,
                max_decoding_length=args.max_length,
            )
            tokenizer.decode(result[0].hypotheses[0])

    def run_floor() -> None:
        translator.translate_batch(
            pretokenised, max_batch_size=32, beam_size=4, length_penalty=0.2, max_decoding_length=args.max_length
        )

    runs = {"engine": run_engine, "argos": run_argos, "floor": run_floor}
    for run in runs.values():  # warm-up: model loading, caches
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for round_ in range(args.rounds):
        for name in names[round_ % 3 :] + names[: round_ % 3]:
            start = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - start)

    print(
        f"{len(segs)} segments, model width {args.width}, {args.max_length} output pieces each, "
        f"{args.rounds} interleaved rounds, 1 thread, ctranslate2 {ctranslate2.__version__}"
    )
    for name in names:
        t = sorted(times[name])
        print(f"  {name:<7} median {statistics.median(t):.3f} s   (min {t[0]:.3f}, max {t[-1]:.3f})")
    ratios = [a / e for a, e in zip(times["argos"], times["engine"], strict=True)]
    floors = [e / f for e, f in zip(times["engine"], times["floor"], strict=True)]
    print(
        f"  argos per-sentence / engine: median {statistics.median(ratios):.2f}x "
        f"(range {min(ratios):.2f}–{max(ratios):.2f}, same round)"
    )
    print(
        f"  engine / floor:              median {statistics.median(floors):.2f}x "
        f"(range {min(floors):.2f}–{max(floors):.2f}, same round)"
    )


if __name__ == "__main__":
    main()
