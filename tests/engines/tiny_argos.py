"""A tiny, real Argos package built in-process: the Argos tests and bench/argos.py use it.

No fr→en model can be downloaded here, so we make one: a SentencePiece model trained on
the article and a few English sentences, and a one-layer CTranslate2 Transformer with
random weights over that vocabulary, packed as a real ``.argosmodel``. Its translations
are gibberish; loading, batching, package handling and constrained decoding are real.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = [
    "The click workers are invisible.",
    "Micro-workers label images for tech giants.",
    "Search engines and social networks hide the hidden hands of the platforms.",
    "Delivery riders and ride-hailing drivers work in the on-demand economy.",
    "Whistleblowers talk about labour law and artificial intelligence.",
    "The documentary series shows the Malagasy workers.",
]


def training_text() -> list[str]:
    article = (ROOT / "source" / "invisibles.fr.md").read_text(encoding="utf-8")
    return [line for line in article.splitlines() if line.strip()] + ENGLISH


def build_package(
    dest: Path,
    *,
    from_code: str = "fr",
    to_code: str = "en",
    version: str = "1.0",
    width: int = 32,
    vocab_size: int = 400,
    seed: int = 0,
) -> Path:
    """Write ``dest/translate-FROM_TO-VERSION.argosmodel`` and return its path."""
    import ctranslate2  # noqa: F401  (the specs need the extension loaded)
    import numpy as np
    import sentencepiece as spm
    from ctranslate2.specs import model_spec, transformer_spec

    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_text()),
        model_writer=proto,
        vocab_size=vocab_size,
        character_coverage=1.0,
        minloglevel=2,
        num_threads=1,
    )
    sp = spm.SentencePieceProcessor(model_proto=proto.getvalue())
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]

    spec = transformer_spec.TransformerSpec.from_config(1, 2)  # one layer, two heads
    rng = np.random.default_rng(seed)
    unset: list[str] = []
    model_spec.visit_spec(spec, lambda _spec, name, value: unset.append(name) if value is None else None)
    for name in unset:
        shape = _shape(name, width, len(vocab))
        if name.endswith("gamma"):
            value = np.ones(shape, np.float32)
        elif name.endswith("beta"):
            value = np.zeros(shape, np.float32)
        else:
            value = rng.normal(0, 0.3, shape).astype(np.float32)
        _set(spec, name, value)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()

    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    stage = Path(tempfile.mkdtemp(prefix="tiny-argos-"))
    (stage / "model").mkdir()
    spec.save(str(stage / "model"))
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": {"fr": "French", "en": "English"}.get(from_code, from_code),
        "to_code": to_code,
        "to_name": {"fr": "French", "en": "English"}.get(to_code, to_code),
        "links": [],
    }
    archive = dest / f"{top}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{top}/metadata.json", json.dumps(metadata, indent=2))
        zf.writestr(f"{top}/sentencepiece.model", proto.getvalue())
        zf.writestr(f"{top}/README.md", "A tiny random-weight model for tests: its output is gibberish.\n")
        for path in sorted((stage / "model").iterdir()):
            zf.write(path, f"{top}/model/{path.name}")
    shutil.rmtree(stage)
    return archive


def _shape(name: str, d: int, vocab: int) -> tuple[int, ...]:
    """The shape CTranslate2 expects for a Transformer weight, from its scoped name."""
    *_, kind, owner, leaf = ("", "", *name.split("/"))
    if leaf in ("gamma", "beta"):
        return (d,)
    if owner.startswith("embeddings") or owner == "projection":
        return (vocab, d)
    if kind == "ffn":
        return (2 * d, d) if owner == "linear_0" else (d, 2 * d)
    if kind == "self_attention":  # fused query/key/value, then output
        return (3 * d, d) if owner == "linear_0" else (d, d)
    if kind == "attention":  # query, fused key/value, output
        return {"linear_0": (d, d), "linear_1": (2 * d, d), "linear_2": (d, d)}[owner]
    raise ValueError(f"unexpected weight {name}")


def _set(spec, name: str, value) -> None:
    obj = spec
    *path, leaf = name.split("/")
    for part in path:
        if hasattr(obj, part):
            obj = getattr(obj, part)
        else:  # "layer_0": the first item of the list "layer"
            base, index = part.rsplit("_", 1)
            obj = getattr(obj, base)[int(index)]
    setattr(obj, leaf, value)
