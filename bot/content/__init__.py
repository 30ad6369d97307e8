"""The episode's content: the article parser, the content file and the loader that holds one to the other.

Plain Python: nothing here imports discord.
"""
