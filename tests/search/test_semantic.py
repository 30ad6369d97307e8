"""The embedding model /ask uses: shipped in a wheel, loaded offline, and only by processes that ask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

# Any connection attempt fails loudly: the model must load with no network at all.
NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network use is forbidden in this test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""


def run_python(code: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "XDG_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), HF_HUB_OFFLINE="1", PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.run(
        [sys.executable, "-c", NO_NETWORK + code], capture_output=True, text=True, env=env, cwd=home, timeout=120
    )


def test_the_model_loads_from_its_wheel_with_no_network_and_no_cache(tmp_path: Path):
    code = """
import sys
from bot.search.semantic import shared_model
model = shared_model()
a, b, c = model.embed(["last serving of pie", "a last piece of pie", "who hosts the podcast"])
print(model.dims, round(float(a @ b), 2), round(float(a @ c), 2), "tokenizers" in sys.modules)
"""
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    dims, close, far, library = result.stdout.split()
    assert int(dims) == 256 and float(close) > float(far)
    assert library == "False", "our own encoder reads the tokenizer: the tokenizers library is never imported"
    assert not any(tmp_path.rglob("*")), "nothing is downloaded or cached"


def test_a_process_that_only_plays_trivia_never_loads_the_model(tmp_path: Path):
    """The bot, every extension and the search engine import neither numpy nor the tokenizer: they
    come with the first /ask (issue 20 holds a trivia-only bot's memory)."""
    code = """
import sys
import bot.client, bot.search.engine, bot.search.semantic, bot.search.typos, bot.search.calibration
from bot.client import discover_extensions
import importlib
for name in discover_extensions():
    importlib.import_module(name)
print(sorted(m for m in ("numpy", "tokenizers", "wordllama", "spellchecker") if m in sys.modules))
"""
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
