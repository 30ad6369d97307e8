"""Our plain-Python Llama 2 tokenizer gives exactly the ids of the ``tokenizers`` library (still
installed, as wordllama's dependency, but never imported by the bot): on the article, the content,
the tuning questions, and every text /ask sends the model while it answers them."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import pytest

from bot.content.loader import ContentPaths
from bot.search.semantic import TOKENIZER, package_folder
from bot.search.tokenizer import LlamaTokenizer, TokenizerMismatch
from tests.ask.evaluate import TUNING, evaluate

tokenizers = pytest.importorskip("tokenizers")
PATH = package_folder().joinpath(*TOKENIZER)
OURS = LlamaTokenizer(PATH)
THEIRS = tokenizers.Tokenizer.from_file(str(PATH))


def reference(text: str) -> list[int]:
    return THEIRS.encode(text, add_special_tokens=False).ids


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in strings(item)] if isinstance(value, list) else []


def test_the_same_ids_on_the_article_the_content_and_the_tuning_questions():
    paths = ContentPaths.default()
    article = paths.article.read_text(encoding="utf-8")
    texts = [*article.splitlines(), *article.split(), *paths.content.read_text(encoding="utf-8").splitlines()]
    texts += strings(tomllib.loads(TUNING.read_text(encoding="utf-8")))
    differ = [text for text in texts if OURS.encode(text) != reference(text)]
    assert len(texts) > 1000 and differ == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "  two  spaces   three ",
        "tab\tand\nnewline",
        "é ñ 日本語 🎉",
        "<0x41> a byte by name",
        "’curly’ “marks”",
    ],
)
def test_the_same_ids_on_odd_text(text: str):
    assert OURS.encode(text) == reference(text)


def test_the_same_ids_on_everything_ask_sends_the_model(monkeypatch):
    sent: list[str] = []
    encode = LlamaTokenizer.encode

    def recording(self, text: str) -> list[int]:
        sent.append(text)
        return encode(self, text)

    monkeypatch.setattr(LlamaTokenizer, "encode", recording)
    asyncio.run(evaluate({"tuning": TUNING}))
    assert len(sent) > 250  # the index's texts and the questions' meanings
    assert [text for text in sent if encode(OURS, text) != reference(text)] == []


def test_a_tokenizer_file_of_another_kind_is_refused(tmp_path: Path):
    path = tmp_path / "tokenizer.json"
    path.write_text('{"model": {"type": "WordPiece", "vocab": {}}}', encoding="utf-8")
    with pytest.raises(TokenizerMismatch, match="not a byte-fallback BPE"):
        LlamaTokenizer(path)
