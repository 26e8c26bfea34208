"""The shared vocabulary under every stage; it imports nothing of ours above it.

``model`` (the typed records), ``tags`` (the inline-tag grammar), ``pandoc`` (the one walk
over Pandoc's tree and the one Pandoc runner), ``quantities`` and ``lexicon`` (what a number
or a word is), ``project``, ``fileio`` (atomic writes), ``fingerprint`` and ``errors``.
"""
