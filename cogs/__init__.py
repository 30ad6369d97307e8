"""discord.py extensions, one per feature: thin adapters from Discord to the core in ``bot``.

Modules whose names start with ``_`` are shared helpers, not extensions.
"""
