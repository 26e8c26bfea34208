"""Segment stage: source Markdown → sentence segments merged into each store.

``document`` cuts a document into segments and assembles it again; ``update`` keeps each
store in step with its source; ``pandoc``, ``walk``, ``inlines`` and ``sentences`` are
the parts they use. This file imports none of them, so a no-op build, which merges
nothing, loads only ``update``.
"""
