"""pipeline: offline French→English translation and bilingual publishing.

The folders follow the data flow: ``segment`` (source → segments) → ``store`` (the PO
files) → ``engines`` with ``glossary`` (drafts, through ``translate``) → ``qa`` →
``review`` → ``editions`` (dist/), with ``interchange`` beside the store; ``build`` runs
them in order and ``cli`` is a thin layer over them. ``core`` is the vocabulary under all.
"""

__version__ = "0.1.0"
