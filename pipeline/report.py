"""Report stage: the store → a one-page summary, in the terminal and as dist/report.html.

Per document and overall: segments and words by state, the engines and models that
made the drafts, glossary term accuracy, QA issues by check, and the post-edit distance
between machine drafts and reviewed targets (sacrebleu's chrF and TER, the draft as
hypothesis and the reviewed target as reference: TER is then HTER, the share of words
a reviewer had to edit). The plots are inline SVG written here: no plotting library.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline import __version__, qa
from pipeline.core.model import Segment
from pipeline.core.project import Document, Project
from pipeline.core.tags import plain

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
BINS = 10  # histogram of per-segment TER: 0–10, 10–20, … 90–100, then ≥ 100 in the last bar
STATE_COLOURS = {
    "untranslated": "#b0b0b0",
    "machine": "#e8a33d",
    "needs-review": "#d9534f",
    "reviewed": "#3c8d5a",
    "approved": "#23613b",
}


@dataclass
class Summary:
    name: str
    segments: Counter = field(default_factory=Counter)  # state → segments
    words: Counter = field(default_factory=Counter)  # state → source words
    origins: Counter = field(default_factory=Counter)  # engine, model, version → segments
    qa: Counter = field(default_factory=Counter)  # check → issues
    terms_found: int = 0  # glossary terms met in translated sources
    terms_respected: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (machine draft, reviewed target)
    chrf: float | None = None
    ter: float | None = None
    ter_by_segment: list[float] = field(default_factory=list)
    signatures: str = ""  # sacrebleu's record of how the scores were computed

    @property
    def term_accuracy(self) -> float | None:
        return self.terms_respected / self.terms_found if self.terms_found else None


def summarise(name: str, segments: list[Segment], context, severity) -> Summary:
    out = Summary(name)
    for s in segments:
        if s.obsolete:
            continue
        out.segments[s.state.value] += 1
        out.words[s.state.value] += len(_WORD.findall(plain(s.source)))
        if s.origin and s.target:
            out.origins[str(s.origin)] += 1
        if s.target and context.glossary is not None:
            respected, found = context.glossary.respected(s.source, s.target)
            out.terms_respected += respected
            out.terms_found += found
        if s.state.accepted and s.draft:
            out.pairs.append((plain(s.draft), plain(s.target)))
    out.qa.update(issue.check for issue in qa.check(segments, context, severity))
    _distance(out)
    return out


def _distance(summary: Summary) -> None:
    if not summary.pairs:
        return
    from sacrebleu.metrics import CHRF, TER  # 35 ms: only when there are post-edited drafts to score

    drafts, targets = [d for d, _ in summary.pairs], [t for _, t in summary.pairs]
    chrf, ter = CHRF(), TER()
    summary.chrf = chrf.corpus_score(drafts, [targets]).score
    summary.ter = ter.corpus_score(drafts, [targets]).score
    summary.ter_by_segment = [ter.sentence_score(d, [t]).score for d, t in summary.pairs]
    summary.signatures = f"chrF {chrf.get_signature()}; TER {ter.get_signature()}"


def total(summaries: list[Summary]) -> Summary:
    out = Summary("all documents")
    for s in summaries:
        for name in ("segments", "words", "origins", "qa"):
            getattr(out, name).update(getattr(s, name))
        out.terms_found += s.terms_found
        out.terms_respected += s.terms_respected
        out.pairs += s.pairs
    _distance(out)
    return out


def run(project: Project, docs: list[Document]) -> tuple[list[Summary], Summary]:
    context, severity = qa.context(project), qa.severities(project)
    summaries = [summarise(doc.name, qa.segmented(doc), context, severity) for doc in docs]
    return summaries, total(summaries)


# Terminal ---------------------------------------------------------------------------


def _number(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:.1f}{unit}"


def as_text(summaries: list[Summary], overall: Summary) -> str:
    lines = []
    for s in [*summaries, overall] if len(summaries) > 1 else summaries:
        segments = sum(s.segments.values())
        states = ", ".join(f"{s.segments[k]} {k} ({s.words[k]} words)" for k in STATE_COLOURS if s.segments[k])
        lines.append(f"{s.name}: {segments} segments, {sum(s.words.values())} words: {states}")
        if s.origins:
            lines.append("  engines: " + ", ".join(f"{origin} ({n})" for origin, n in s.origins.most_common()))
        accuracy = s.term_accuracy
        if accuracy is not None:
            lines.append(f"  glossary: {s.terms_respected} of {s.terms_found} terms respected ({accuracy:.0%})")
        lines.append(
            f"  post-edit distance over {len(s.pairs)} reviewed machine drafts: chrF {_number(s.chrf)}, TER {_number(s.ter)}"
        )
        issues = ", ".join(f"{check} {n}" for check, n in sorted(s.qa.items()))
        lines.append(f"  QA: {sum(s.qa.values())} issues" + (f" ({issues})" if issues else ""))
    return "\n".join(lines)


# HTML and SVG -------------------------------------------------------------------------


def bar_svg(counts: Counter, title: str) -> str:
    """Horizontal bars: segments by state."""
    width, row, label = 420, 22, 110
    top = max(counts.values(), default=0) or 1
    rows = []
    for n, (state, colour) in enumerate(STATE_COLOURS.items()):
        value = counts[state]
        y = n * row
        length = (width - label - 40) * value / top
        rows.append(
            f'<text x="{label - 6}" y="{y + 15}" text-anchor="end">{state}</text>'
            f'<rect x="{label}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" fill="{colour}"/>'
            f'<text x="{label + length + 4:.1f}" y="{y + 15}">{value}</text>'
        )
    height = row * len(STATE_COLOURS)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="12"><title>{html.escape(title)}</title>{"".join(rows)}</svg>'
    )


def histogram(values: list[float]) -> list[int]:
    """Counts of values in bins of 10 from 0 to 100; 100 and above go in the last bin."""
    counts = [0] * BINS
    for value in values:
        counts[min(int(value // (100 / BINS)), BINS - 1)] += 1
    return counts


def histogram_svg(values: list[float], title: str) -> str:
    counts = histogram(values)
    width, height, bottom, left = 420, 160, 28, 28
    bar = (width - left) / BINS
    top = max(counts, default=0) or 1
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#444"/>']
    for k, count in enumerate(counts):
        h = (height - bottom - 16) * count / top
        x = left + k * bar
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{height - bottom - h:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" fill="#4a7ab5"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom - h - 3:.1f}" text-anchor="middle">{count}</text>'
            )
        edge = "≥90" if k == BINS - 1 else f"{k * 10}"
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle">{edge}</text>')
    parts.append(f'<text x="{width / 2 + left / 2:.1f}" y="{height - 2}" text-anchor="middle">TER per segment</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="11"><title>{html.escape(title)}</title>{"".join(parts)}</svg>'
    )


def _section(s: Summary) -> str:
    e = html.escape
    rows = "".join(
        f'<tr><th scope="row">{state}</th><td>{s.segments[state]}</td><td>{s.words[state]}</td></tr>'
        for state in STATE_COLOURS
    )
    rows += f'<tr><th scope="row">total</th><td>{sum(s.segments.values())}</td><td>{sum(s.words.values())}</td></tr>'
    engines = (
        "".join(f"<li>{e(origin)}: {n} segments</li>" for origin, n in s.origins.most_common()) or "<li>none yet</li>"
    )
    qa = "".join(f'<tr><th scope="row">{e(check)}</th><td>{n}</td></tr>' for check, n in sorted(s.qa.items()))
    accuracy = s.term_accuracy
    glossary = (
        f"{s.terms_respected} of {s.terms_found} glossary terms respected ({accuracy:.0%})"
        if accuracy is not None
        else "No glossary terms checked (no glossary, or no translated segment with a term)."
    )
    histogram_part = (
        histogram_svg(s.ter_by_segment, f"{s.name}: post-edit distance (TER) per reviewed segment")
        if s.ter_by_segment
        else "<p>No reviewed segment with a machine draft yet.</p>"
    )
    return f"""<section>
<h2>{e(s.name)}</h2>
<div class="row">
<div><h3>Segments and words by state</h3>
<table><thead><tr><th scope="col">state</th><th scope="col">segments</th><th scope="col">source words</th></tr></thead><tbody>{rows}</tbody></table></div>
<figure>{bar_svg(s.segments, f"{s.name}: segments by state")}<figcaption>Segments by state</figcaption></figure>
</div>
<h3>Engines and models</h3>
<ul>{engines}</ul>
<h3>Glossary</h3>
<p>{glossary}</p>
<h3>Post-edit distance</h3>
<p>Over {len(s.pairs)} reviewed segments with a machine draft: chrF {_number(s.chrf)} (100 = the draft was kept as it was),
TER {_number(s.ter)} (edits per 100 words of the reviewed text).</p>
<figure>{histogram_part}<figcaption>Post-edit distance per segment</figcaption></figure>
<h3>QA issues by check</h3>
{f"<table><thead><tr><th scope='col'>check</th><th scope='col'>issues</th></tr></thead><tbody>{qa}</tbody></table>" if qa else "<p>No issues.</p>"}
</section>
"""


def as_html(summaries: list[Summary], overall: Summary) -> str:
    sections = "".join(_section(s) for s in ([overall, *summaries] if len(summaries) > 1 else summaries))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Translation report</title>
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.2rem 0.8rem; text-align: left; }}
td {{ text-align: right; }}
.row {{ display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }}
figure {{ margin: 0.5rem 0; }}
footer {{ color: #666; font-size: 0.85rem; margin-top: 2rem; }}
</style>
</head>
<body>
<h1>Translation report</h1>
{sections}<footer>pipeline {__version__}{"; " + html.escape(overall.signatures) if overall.signatures else ""}</footer>
</body>
</html>
"""
