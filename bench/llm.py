"""Benchmark: the llm engine with N requests in flight against one at a time, on the tiny model.

Run by hand (not in CI):  python bench/llm.py [--rounds 3] [--concurrency 4]

One llama-cpp-python server (``python -m llama_cpp.server``, one thread) on the tiny
random-weight model of tests/engines/tiny_llm.py; each round translates the article
(every segment, through the translate stage and its store, from the same segmented
store) twice: ``concurrency = 1`` (one request at a time, what bilingual_book_maker and
the Calibre plugin do) and ``concurrency = N``, in an order that alternates each round.
The model answers garbage, so nearly every segment is asked twice (the retry), as a bad
real model would be; its answers run to the length cap, the same in both runs.
llama-cpp-python's server computes one request at a time: what N in flight gains there
is our side (the checks of one answer while the server writes the next) and the HTTP
round trips. A server with several slots (llama-server -np, vLLM, Ollama) gains more.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "engines")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight in the concurrent runs")
    args = parser.parse_args()

    import tiny_llm

    from pipeline import build, translate
    from pipeline.core.project import Project

    tmp = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    (tmp / "source").mkdir()
    shutil.copy(ROOT / "source" / "invisibles.fr.md", tmp / "source")
    shutil.copy(ROOT / "glossary.yaml", tmp)
    project = Project(tmp)
    build.segment(project)
    store = project.document("invisibles").store
    segmented = store.read_bytes()
    model = tiny_llm.build_model(tmp / "tiny.gguf")
    times: dict[int, list[float]] = {1: [], args.concurrency: []}
    with tiny_llm.serve(model, tmp / "server.log") as url:

        def run(concurrency: int) -> float:
            store.write_bytes(segmented)
            (tmp / "pyproject.toml").write_text(f"[tool.pipeline.engines.llm]\nconcurrency = {concurrency}\n")
            start = time.perf_counter()
            summary = translate.run(project, engine="llm", settings={"llm": {"url": url}})
            assert summary.translated, "nothing was translated"
            return time.perf_counter() - start

        run(args.concurrency)  # warm-up: Lingua, the dictionaries, the server's first requests
        order = [1, args.concurrency]
        for round_ in range(args.rounds):
            for concurrency in order if round_ % 2 == 0 else order[::-1]:
                times[concurrency].append(run(concurrency))
    segments = sum(1 for _ in translate.store.active(translate.store.load(project.document("invisibles"))))
    print(f"{segments} segments of the article, {args.rounds} interleaved rounds, llama_cpp.server on the tiny model")
    for concurrency, found in times.items():
        t = sorted(found)
        print(f"  {concurrency} in flight: median {statistics.median(t):.2f} s   (min {t[0]:.2f}, max {t[-1]:.2f})")
    ratios = [a / b for a, b in zip(times[1], times[args.concurrency], strict=True)]
    print(
        f"  one at a time / {args.concurrency} in flight: median {statistics.median(ratios):.2f}x "
        f"(range {min(ratios):.2f}–{max(ratios):.2f}, same round)"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
