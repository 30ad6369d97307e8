"""Core of the I Am All In companion bot: settings, database, content and game rules.

Nothing in this package imports from ``cogs``; extensions are named as strings.
"""
