"""Benchmark: the review server and page on the article and on a book, side by side.

Run by hand (not in CI):  python bench/review.py [--rounds 20] [--book PATH]

Two throw-away projects, each one document with every segment a stand-in machine draft:
the article (60 segments) and a book (tests/data/book.fr.md when it exists, or --book;
else 2,000+ segments built from the real sentences of tests/data/contes.fr.md, varied).
For each, medians of:
  store      store.load, replace one segment, store.save (fsync): the in-process baseline
  PUT        one save through `pipeline review` (HTTP, checks, lock, load, revision, write)
  GET        the whole segment list, as a first page load asks for it
  refresh    what the page asks for when the reviewer comes back to it (focus)
  page       Chromium: from the navigation's start to the page's first rows (its own mark,
             "review-first-rows", after the fetches and the first slice of rows)
  page-all   the same until every row is on the page (the rest is built in slices between frames)
  keystroke  Chromium: a letter typed in row 21's editor, from the key event to the frame after
             the editor changed (performance.now in the page: the next animation frame, then
             a task, so the frame's style, layout and paint are done), at a typist's pace
The table gives milliseconds and the book / article ratio.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
DATA = ROOT / "tests" / "data"
BOOK_SEGMENTS = 2_000


def timed(function, rounds: int) -> float:
    """The median time of ``function(i)``, or of what it returns when it times itself."""
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        took = function(i)
        times.append(took if isinstance(took, float) else time.perf_counter() - start)
    return statistics.median(times)


def built_book() -> str:
    """A book of real French: the tales' paragraphs again and again, each copy's sentences
    varied (a number and a name changed) so that they are not repetitions of each other."""
    text = (DATA / "contes.fr.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.startswith("#")]
    names = ["Hauchecorne", "Malandain", "Cheval", "Brument", "Lecoq", "Rosalie", "Anthime", "Céleste"]
    out, sentences, copy = [head, "---", ""], 0, 0
    while sentences < BOOK_SEGMENTS:
        copy += 1
        out.append(f"# Chapitre {copy}\n")
        for n, paragraph in enumerate(paragraphs):
            name = names[(copy + n) % len(names)]
            varied = re.sub(r"\b(Hauchecorne|Malandain|Rosalie)\b", name, paragraph)
            out.append(f"{varied.rstrip()} (Journée {copy}, feuillet {n + 1}.)\n")
            sentences += varied.count(". ") + 2
    return "\n".join(out)


def project(tmp: Path, name: str, text: str):
    from review.conftest import _translate

    from pipeline.core.project import Project

    root = tmp / name
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{name}.fr.md").write_text(text, encoding="utf-8")
    _translate(root)
    return Project(root).document(name)


def measure(doc, rounds: int, browser) -> dict[str, float]:
    from dataclasses import replace

    from review.review_helpers import start_server

    from pipeline import store

    def direct(i: int) -> None:
        segments = store.load(doc)
        segments[i % 50] = replace(segments[i % 50], target=f"Direct {i}.")
        store.save(doc, segments)

    out = {"store": timed(direct, rounds)}
    server = start_server(doc.store.parent.parent)
    path = f"/api/documents/{doc.name}/segments"
    try:
        server.request("GET", path)  # the first list loads Lingua's models for QA: not what a save costs
        rows = dict(enumerate(server.request("GET", path)[1]["segments"][:50]))

        def put(i: int) -> None:
            row = rows[i % 50]
            body = {"target": f"Through the server {i}.", "state": "needs-review", "revision": row["revision"]}
            status, answer, _ = server.request("PUT", f"{path}/{row['id']}", body)
            assert status == 200, answer
            rows[i % 50] = answer["segment"]

        out["PUT"] = timed(put, rounds)
        few = max(3, rounds // 4)
        listing = server.request("GET", path)[1]
        out["GET"] = timed(lambda i: server.request("GET", path), few)
        since = listing.get("version")  # the page's refresh asks only for what changed since it loaded
        query = f"{path}?since={since}" if since is not None else path
        out["refresh"] = timed(lambda i: server.request("GET", query), few)

        def page_load(mark: str):
            def load(i: int) -> float:
                """From the navigation's start to the page's mark, by the page's own clock."""
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                page = context.new_page()
                page.goto(server.url)
                page.wait_for_selector("body[data-rows=all]")
                took = page.evaluate(f"performance.getEntriesByName('{mark}')[0].startTime") / 1000
                context.close()
                return took

            return load

        out["page"] = timed(page_load("review-first-rows"), few)  # the first rows: the reviewer can start
        out["page-all"] = timed(page_load("review-all-rows"), few)  # every row on the page
        out["keystroke"] = keystrokes(server, browser, max(rounds, 30))
    finally:
        server.stop()
    return out


# In the page: each key event's time, and once the editor's DOM changed, the time of the
# next frame's end (an animation frame, then a task after it).
KEY_TO_FRAME = """editor => {
    window.keyTimes = [];
    let start = null;
    document.addEventListener("keydown", (event) => { start = event.timeStamp; }, true);
    new MutationObserver(() => {
        if (start === null) return;
        const from = start;
        start = null;
        requestAnimationFrame(() => setTimeout(() => keyTimes.push((performance.now() - from) / 1000), 0));
    }).observe(editor, { childList: true, subtree: true, characterData: true });
}"""


def keystrokes(server, browser, count: int) -> float:
    """The median time from a typed letter to the screen, in row 21's editor."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url)
        page.wait_for_selector("body[data-rows=all]")
        row = page.locator(".row").nth(20)
        row.click()  # its editor shows and takes the focus
        editor = row.locator(".editor")
        page.wait_for_timeout(1000)  # its matches fetched, the scroll to it done
        editor.evaluate(KEY_TO_FRAME)
        for i in range(count):
            page.keyboard.press("abcdefghij"[i % 10])
            page.wait_for_function("n => window.keyTimes.length > n", arg=i)
            page.wait_for_timeout(120)  # a fast typist's pace
        return statistics.median(page.evaluate("() => window.keyTimes"))
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--book", type=Path, default=DATA / "book.fr.md")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from review.review_helpers import CHROMIUM, CHROMIUM_ARGS

    book = args.book.read_text(encoding="utf-8") if args.book.exists() else built_book()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        article = project(Path(tmp), "invisibles", (ROOT / "source" / "invisibles.fr.md").read_text("utf-8"))
        big = project(Path(tmp), "book", book)
        from pipeline import store

        sizes = [len(store.load(d)) for d in (article, big)]
        results = [measure(d, args.rounds, browser) for d in (article, big)]
        browser.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'what':<9}{f'article ({sizes[0]})':>16}{f'book ({sizes[1]})':>16}{'book/article':>14}")
    for what in results[0]:
        a, b = results[0][what], results[1][what]
        print(f"{what:<9}{a * 1000:>13.1f} ms{b * 1000:>13.1f} ms{b / a:>14.2f}")


if __name__ == "__main__":
    main()
