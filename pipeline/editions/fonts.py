"""The fonts the PDFs embed: Noto Serif and Noto Sans (SIL Open Font License), which
cover every French character, guillemets and narrow no-break spaces included.

They come from Debian's ``fonts-noto-core`` (in the Makefile's APT_PACKAGES); elsewhere,
point ``PIPELINE_FONT_DIR`` at a folder holding the same files. Nothing falls back to
whatever the system has: a missing file stops the build with the file's name, so a PDF
is made with these fonts or not at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.fingerprint import files

DEFAULT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto", "/usr/local/share/fonts/noto")

# CSS family → (style, weight) → file name
FAMILIES = {
    "Edition Serif": {
        ("normal", 400): "NotoSerif-Regular.ttf",
        ("italic", 400): "NotoSerif-Italic.ttf",
        ("normal", 700): "NotoSerif-Bold.ttf",
        ("italic", 700): "NotoSerif-BoldItalic.ttf",
    },
    "Edition Sans": {
        ("normal", 400): "NotoSans-Regular.ttf",
        ("italic", 400): "NotoSans-Italic.ttf",
        ("normal", 700): "NotoSans-Bold.ttf",
        ("italic", 700): "NotoSans-BoldItalic.ttf",
    },
}


def directories() -> list[Path]:
    if os.environ.get("PIPELINE_FONT_DIR"):
        return [Path(os.environ["PIPELINE_FONT_DIR"])]
    return [Path(d) for d in DEFAULT_DIRS]


def locate() -> dict[str, Path]:
    """File name → path for every font the PDFs use, or a PipelineError naming the missing ones."""
    found: dict[str, Path] = {}
    missing = []
    for faces in FAMILIES.values():
        for name in faces.values():
            path = next((d / name for d in directories() if (d / name).is_file()), None)
            if path is None:
                missing.append(name)
            else:
                found[name] = path
    if missing:
        where = ", ".join(str(d) for d in directories())
        raise PipelineError(
            f"font{'s' * (len(missing) > 1)} {', '.join(missing)} not found in {where}: install Debian's "
            "fonts-noto-core (`make setup` does), or set PIPELINE_FONT_DIR to a folder with the Noto fonts"
        )
    return found


def font_face_css() -> str:
    paths = locate()
    rules = []
    for family, faces in FAMILIES.items():
        for (style, weight), name in faces.items():
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
                f'src: url("{paths[name].resolve().as_uri()}"); }}'
            )
    return "\n".join(rules)


def fingerprint() -> str:
    """The font files' identity, so a PDF is rebuilt when the fonts change."""
    return files(*(path for _, path in sorted(locate().items())))
