"""Trivia's rules in plain Python: question generation, typed-answer matching, scoring, game state.

Never imports discord; the cog in ``cogs/trivia`` translates between Discord and this package.
"""
