"""The Argos engine: an installed Argos fr→en package, decoded with CTranslate2 directly.

We do what ``argostranslate.translate`` does for one sentence (SentencePiece pieces in,
beam search, pieces out) without its sentence splitter (stanza, and so torch): our
segments are already sentences, so each batch the translate stage hands over goes to
``Translator.translate_batch`` in one call per kind of sentence (see ``_decode``), which
sorts it by length and cuts it into sub-batches.

Inline tags never reach the model: see ``retag`` (stripped, then put back at the target
words that the decoder's attention aligns with the tagged source words).

Glossary terms, in two steps, both batched:
1. n-best re-ranking: the beam's hypotheses are ranked by how many required terms they
   contain in an accepted form (and no avoided rendering), then by model score, so a
   correct hypothesis the model nearly preferred wins at no extra cost;
2. prefix-constrained decoding for what is still missing: the target is forced to
   start with the best hypothesis's words up to where the term belongs (the target word
   aligned with the French term, or the start when the French term starts the
   sentence), then the term; the decoder writes the rest around it. One pass per
   missing term, earlier forced terms kept in the prefix.
The translate stage then replaces avoided renderings and flags whatever is still missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin
from pipeline.engines import packages, retag
from pipeline.engines.base import Draft, Engine, Request, Required
from pipeline.glossary.forms import english  # the glossary check's own matcher: QA then agrees

BEAM = 4
LENGTH_PENALTY = 0.2  # argostranslate's value


@dataclass(frozen=True)
class Hypothesis:
    words: tuple[str, ...]
    score: float
    align: tuple[int | None, ...] = ()  # source word of each target word (worked out for the winner only)
    groups: tuple[tuple[int, ...], ...] = field(default=(), compare=False)  # the pieces of each word
    attention: list | None = field(default=None, compare=False, repr=False)  # per piece, over source pieces


@dataclass
class _Job:
    request: Request
    tagged: retag.Tagged
    source: list[str]  # SentencePiece pieces
    word_of_piece: list[int]
    best: Hypothesis | None = None
    forced: tuple[str, ...] = ()  # target words already imposed by earlier passes


class ArgosEngine(Engine):
    name = "argos"
    batch_size = 64  # segments the translate stage hands over per call; it saves the store after each
    aligns_tags = True  # by the decoder's attention (see ``retag``)

    def __init__(
        self,
        package: packages.ModelPackage | None = None,
        *,
        max_batch_size: int = 32,
        max_length: int = 256,
        threads: int = 0,
    ):
        self._package = package
        self.max_batch_size = max_batch_size  # sentences per CTranslate2 sub-batch
        self.max_length = max_length  # pieces per output: a broken model never loops for long
        self.threads = threads  # 0: CTranslate2 picks
        self._translator = None
        self._sp = None

    @property
    def package(self) -> packages.ModelPackage | None:
        if self._package is None:
            self._package = packages.find()
        return self._package

    def available(self) -> bool:
        try:
            packages.runtime()
        except ImportError:
            return False
        return self.package is not None

    def origin(self) -> Origin:
        ctranslate2, _ = packages.runtime()
        pkg = self.package
        # a GPU or another precision may give other drafts: the origin says so; the default says nothing
        _, used, compute_type = _device(ctranslate2)
        runs = f", {used} {compute_type}" * ((used, compute_type) != ("cpu", "auto"))
        return Origin(
            self.name, f"{pkg.describe() if pkg else 'no model'} (ctranslate2 {ctranslate2.__version__}{runs})"
        )

    def how_to_install(self) -> str:
        return (
            "install a French→English Argos model with `pipeline model install --from-index fr en` "
            "(downloads it) or `pipeline model install FILE.argosmodel`"
        )

    def translate(self, requests: list[Request]) -> list[Draft]:
        self._load()
        jobs = [self._prepare(r) for r in requests]
        todo = [j for j in jobs if j.source]
        for job, hyps in zip(todo, self._decode(todo), strict=True):
            job.best = self._aligned(job, _rerank(job, hyps))
        for _ in range(max((len(j.request.required) for j in todo), default=0)):
            stuck = [j for j in todo if _missing(j.request.required, j.best.words)]
            if not stuck:
                break
            prefixes = [self._prefix(j) for j in stuck]
            for job, hyps in zip(stuck, self._decode(stuck, [p for p, _ in prefixes]), strict=True):
                job.best = self._aligned(job, _rerank(job, hyps))
            for job, (_, forced) in zip(stuck, prefixes, strict=True):
                job.forced = forced
        return [
            Draft(retag.restore(j.tagged, list(j.best.words), list(j.best.align)) if j.source else j.request.text)
            for j in jobs
        ]

    # -- decoding ----------------------------------------------------------------------

    def _load(self) -> None:
        if self._translator is not None:
            return
        ctranslate2, sentencepiece = packages.runtime()
        pkg = self.package
        if pkg is None:
            raise PipelineError(f"no French→English Argos model in {packages.packages_dir()}: {self.how_to_install()}")
        where, _, compute_type = _device(ctranslate2)
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg.sentencepiece))
        self._translator = ctranslate2.Translator(
            str(pkg.model_dir), device=where, compute_type=compute_type, intra_threads=self.threads
        )

    def _prepare(self, request: Request) -> _Job:
        tagged = retag.untag(request.text)
        words = tagged.words
        pieces, word_of_piece = [], []
        for index, word in enumerate(words):  # word by word, to know each piece's word (and faster here)
            word_pieces = self._sp.encode(word, out_type=str)
            pieces.extend(word_pieces)
            word_of_piece.extend([index] * len(word_pieces))
        return _Job(request, tagged, pieces, word_of_piece)

    def _decode(self, jobs: list[_Job], prefixes: list[list[str]] | None = None) -> list[list[Hypothesis]]:
        """Beam search for every job, in as few calls as possible: full sub-batches save more
        than copying out attention some jobs do not use costs (the article at width 512:
        tagged and untagged sentences in two calls took 1.15× bare decoding, one call with
        attention for all 1.05×). n-best lists (four hypotheses to copy and decode instead
        of one) get a call of their own, for the jobs with glossary terms."""
        lead = [self.package.target_prefix] if self.package.target_prefix else []
        targets = [lead + p for p in prefixes] if prefixes else [lead] * len(jobs)
        groups: dict[bool, list[int]] = {}
        for index, job in enumerate(jobs):
            groups.setdefault(bool(job.request.required), []).append(index)
        results: list = [None] * len(jobs)
        for rerank, members in groups.items():
            tagged = any(jobs[i].tagged.nodes for i in members)
            found = self._translator.translate_batch(
                [jobs[i].source for i in members],
                target_prefix=[targets[i] for i in members] if lead or prefixes else None,
                max_batch_size=self.max_batch_size,
                beam_size=BEAM,
                num_hypotheses=BEAM if rerank else 1,
                length_penalty=LENGTH_PENALTY,
                max_decoding_length=self.max_length,
                replace_unknowns=True,
                return_scores=True,
                return_attention=rerank or tagged,  # to place terms and tags
            )
            for i, result in zip(members, found, strict=True):
                results[i] = result
        raw = []  # (job index, pieces, attention, score, pieces of each word)
        for index, result in enumerate(results):
            forced = len(prefixes[index]) if prefixes else 0
            attentions = result.attention or [[]] * len(result.hypotheses)
            for pieces, attention, score in zip(result.hypotheses, attentions, result.scores, strict=True):
                pieces, attention = pieces[len(lead) :], attention[len(lead) :]
                raw.append((index, pieces, attention, score, _words(pieces, forced)))
        # one call to decode every word of every hypothesis
        texts = iter(self._sp.decode([[p[i] for i in g] for _, p, _, _, groups in raw for g in groups]))
        out: list[list[Hypothesis]] = [[] for _ in jobs]
        for index, _, attention, score, groups in raw:
            kept = [(word.strip(), g) for g in groups if (word := next(texts)).strip()]
            words = tuple(w for w, _ in kept)
            out[index].append(Hypothesis(words, score, groups=tuple(g for _, g in kept), attention=attention))
        return out

    def _aligned(self, job: _Job, hyp: Hypothesis) -> Hypothesis:
        """The hypothesis with, for each target word, the source word it attends to most."""
        import numpy as np  # 35 ms: only to place tags or terms by attention

        sources = len(job.tagged.words)
        if not (job.tagged.nodes or job.request.required):  # nothing to place: tags or terms
            return replace(hyp, align=(None,) * len(hyp.words))
        attention = np.asarray(hyp.attention, dtype=np.float32)
        if attention.ndim != 2 or not attention.size or not sources:
            return replace(hyp, align=(None,) * len(hyp.words))
        width = min(attention.shape[1], len(job.word_of_piece))  # some models attend to an added </s>
        to_word = np.zeros((width, sources), np.float32)
        to_word[np.arange(width), job.word_of_piece[:width]] = 1
        by_word = attention[:, :width] @ to_word  # target piece × source word
        align = []
        for group in hyp.groups:
            rows = [i for i in group if i < len(by_word)]
            weights = by_word[rows].sum(axis=0) if rows else None
            align.append(int(weights.argmax()) if weights is not None and weights.any() else None)
        return replace(hyp, align=tuple(align))

    def _prefix(self, job: _Job) -> tuple[list[str], tuple[str, ...]]:
        """Target pieces forcing the next missing term in, and the words they stand for."""
        required = _missing(job.request.required, job.best.words)[0]
        form = required.forms[0]
        start = _source_word(job.tagged, required.source)
        best = job.best
        if start == 0:
            cut = 0
        elif start is None:  # the stage found it, we cannot place it: after what the model wrote
            cut = len(best.words)
        else:
            after = [t for t, s in enumerate(best.align) if s is not None and s >= start]
            cut = min(after) if after else round(len(best.words) * start / max(len(job.tagged.words), 1))
        cut = max(cut, len(job.forced))  # never drop a term forced by an earlier pass
        if cut == 0:  # the term starts the sentence
            form = form[:1].upper() + form[1:]
        words = (*best.words[:cut], *form.split())
        return self._sp.encode(" ".join(words), out_type=str), words


def _device(ctranslate2) -> tuple[str, str, str]:
    """ARGOS_DEVICE_TYPE, the device it means here ("auto": cuda when there is a GPU) and
    ARGOS_COMPUTE_TYPE (``packages.device``), checked against what CTranslate2 can do on
    this machine, so a wrong one is a sentence and not a crash."""
    where, compute_type = packages.device()
    gpus = ctranslate2.get_cuda_device_count()
    if where == "cuda" and not gpus:
        raise PipelineError("ARGOS_DEVICE_TYPE is cuda, but CTranslate2 finds no CUDA GPU here: use cpu or auto")
    used = "cuda" if where == "cuda" or where == "auto" and gpus else "cpu"
    supported = ctranslate2.get_supported_compute_types(used)
    if compute_type not in ("auto", "default", *supported):
        raise PipelineError(
            f"ARGOS_COMPUTE_TYPE is {compute_type!r}, which CTranslate2 does not run on {used} here "
            f"(it runs: auto, default, {', '.join(sorted(supported))})"
        )
    return where, used, compute_type


def _words(pieces: list[str], forced: int = 0) -> list[tuple[int, ...]]:
    """Group pieces into words: a piece starting with ▁ starts one.

    The first ``forced`` pieces are the prefix we imposed: what follows starts a new word,
    so a forced term never gets glued to the model's next piece.
    """
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        if piece.startswith("▁") or not groups or (forced and i == forced):
            groups.append([])
        groups[-1].append(i)
    return [tuple(g) for g in groups]


def _rerank(job: _Job, hyps: list[Hypothesis]) -> Hypothesis:
    required = job.request.required

    def key(h: Hypothesis):
        text = " ".join(h.words)
        met = sum(any(english(f, r.keep).search(text) for f in r.forms) for r in required)
        avoided = sum(any(english(a).search(text) for a in r.avoid) for r in required)
        return (met, -avoided, h.score)

    return max(hyps, key=key)


def _missing(required: tuple[Required, ...], words: tuple[str, ...]) -> list[Required]:
    text = " ".join(words)
    return [r for r in required if r.forms and not any(english(f, r.keep).search(text) for f in r.forms)]


def _source_word(tagged: retag.Tagged, french: str) -> int | None:
    """Index of the source word where the French term starts (None when not found)."""
    match = re.search(rf"(?<!\w){re.escape(french)}(?!\w)", tagged.plain, re.IGNORECASE)
    if match is None:
        return None
    lead = tagged.plain[: match.start()]
    if not any(c.isalnum() for c in lead):  # only quotes or dashes before it: it starts the sentence
        return 0
    return len(lead.split()) - (0 if lead[-1:].isspace() else 1)
