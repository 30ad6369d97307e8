import sys

# Cache the project's bytecode even under PYTHONDONTWRITEBYTECODE (some shells set it): discord.py's
# load_extension executes each cog's module anew at every bot start, and with no .pyc to read it compiles
# the source again each time (about 25 ms of CPU per start, and the suite starts a bot ~1,000 times).
# Runs before tests/conftest.py imports the project; __pycache__/ is ignored by git.
sys.dont_write_bytecode = False
