"""Feasibility probe (issue 17): would a contextual sentence encoder find fans' answers better than
the static WordLlama model /ask uses?

For each answerable question of a questions file it asks which card is nearest by cosine, and counts
it right by ``tests.ask.evaluate``'s accept rules. The cards are the ones /ask shows (facts, quotes,
people of the shipped content, loaded like ``tests.ask.evaluate`` loads them), each embedded by its
article words (a quote's text, a fact's or person's evidence) and, when it has several, each of its
sentences: a card's similarity is the best of its vectors. Figures, top-1 on the answerable questions:

- ``minilm``: all-MiniLM-L6-v2 in numpy (``tests.ask.minilm``), the question as typed and the
  question in /ask's plain words (chat language rewritten, typos fixed);
- ``wordllama``: the current model, both sides through /ask's ``meaningful_words`` as the engine does;
- ``*+asks``: the same with each card's fan questions (``asks``) embedded too, as /ask's index does
  (those paraphrases were written against the tuning set: read these figures with that in mind);
- ``engine``: /ask's own first card (confident or not), and ``engine+minilm w``: /ask's candidates
  re-ranked by probability + w x MiniLM cosine (w from a fixed small grid, not fitted).

Then how well the best cosine alone tells answerable questions from not-covered ones (AUC: the
chance an answerable question's best cosine is above a not-covered one's). Also the MiniLM cost: CPU per question (p50/p99, encoder and cosine, one BLAS thread unless the
environment says otherwise) and the resident memory the model adds (weights memory-mapped from the
cache, word rows read when first used), after the cards and questions are embedded. Aggregates
only; ``--failures`` lists MiniLM's misses (only for tuning or development sets).

    .venv/bin/python -m tests.ask.minilm_probe --questions tests/ask/dev.toml [--precision int8]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # /ask runs a question on one core
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import asyncio
import re
import sys
import time
from pathlib import Path

import numpy as np

from bot.content.loader import ContentPaths
from bot.db.search_repo import NO_GUILD
from bot.search.ask import meaningful_words, read_question
from bot.search.engine import ASK_KINDS, card_title
from bot.search.query import QueryRejected
from bot.search.semantic import release_freed_memory, shared_model
from tests.ask.evaluate import QuestionsError, accepted, article_words, card_ref, load_questions, shipped_engine
from tests.ask.minilm import MiniLM

MIX_WEIGHTS = (0.25, 0.5, 1.0)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


MODES = ("words", "titled", "titled+asks")


def card_texts(card, article: str, asks: tuple[str, ...], mode: str) -> list[str]:
    """What is embedded of a card: its article words (``titled``: after its title, as /ask's index
    has them) and each of its sentences when it has several; ``titled+asks``: its fan questions too."""
    words = article_words(card, article)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", words) if len(s.split()) >= 3]
    first = words if mode == "words" else f"{card_title(card)}. {words}"
    extra = asks if mode == "titled+asks" else ()
    return [t for t in (first, *(sentences if len(sentences) > 1 else ()), *extra) if t.strip()]


class CardMatrix:
    """Every card's vectors, and each question's nearest card (the best of a card's vectors)."""

    def __init__(self, embed, cards: list, texts: list[list[str]]) -> None:
        owners = [n for n, t in enumerate(texts) for _ in t]
        self.cards = cards
        self.owners = np.asarray(owners)
        self.matrix = embed([s for t in texts for s in t])

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Each card's best cosine."""
        rows = self.matrix @ vector
        best = np.full(len(self.cards), -1.0, dtype=np.float32)
        np.maximum.at(best, self.owners, rows)
        return best

    def nearest(self, vector: np.ndarray):
        return self.cards[int(np.argmax(self.similarities(vector)))]


async def probe(path: Path, precision: str, show_failures: bool) -> int:
    paths = ContentPaths.default()
    article = paths.article.read_text(encoding="utf-8")
    answerable, not_covered = load_questions(path, article)
    async with shipped_engine() as shipped:
        engine, people, repo = shipped.engine, shipped.people, shipped.repo
        generation, lexicon, _ = await engine._ask_state()
        await engine.semantic_index(generation)  # WordLlama loaded: what MiniLM adds is measured alone
        documents = await repo.documents()
        hits = await repo.hits_for_docs([d.doc_id for d in documents], guild_id=NO_GUILD, kinds=ASK_KINDS)
        asks = {d.doc_id: d.asks for d in documents}
        cards = [h.card for h in hits]
        by_ref = {card_ref(h.card): n for n, h in enumerate(hits)}
        wordllama = shared_model()

        def wl_embed(texts: list[str]) -> np.ndarray:
            return wordllama.embed([meaningful_words(t) for t in texts])

        release_freed_memory()
        before = rss_mib()
        started = time.perf_counter()
        minilm = MiniLM(precision=precision)
        loaded_ms = (time.perf_counter() - started) * 1000
        # sentence-transformers' documented example for this model: cosine 0.7553
        reference = minilm.embed(["A man is eating food.", "A man is eating a piece of bread."])
        reference_cosine = float(reference[0] @ reference[1])
        started = time.process_time()
        matrices = {}
        for mode in MODES:
            texts = [card_texts(h.card, article, asks[h.doc_id], mode) for h in hits]
            matrices["minilm", mode] = CardMatrix(minilm.embed, cards, texts)
            matrices["wordllama", mode] = CardMatrix(wl_embed, cards, texts)
        cards_cpu = time.process_time() - started
        rows = len(matrices["minilm", "titled"].owners)

        right: dict[str, int] = {}
        failures: list[str] = []
        cpu_ms: list[float] = []

        def score(name: str, card) -> None:
            right[name] = right.get(name, 0) + bool(card is not None and accepted(card, item["accept"], article))

        for item in answerable:
            question = item["q"]
            try:
                q = read_question(question, lexicon, people)
            except QueryRejected:
                q = None
            plain = " ".join(q.words) if q else question
            started = time.process_time()
            typed_vector = minilm.embed([question])[0]
            typed_sims = matrices["minilm", "titled"].similarities(typed_vector)
            cpu_ms.append((time.process_time() - started) * 1000)
            plain_vector = minilm.embed([plain])[0]
            typed_card = cards[int(np.argmax(typed_sims))]
            wl_vector = wordllama.embed([q.meaning if q else meaningful_words(question)])[0]
            for mode in MODES:
                score(f"minilm {mode} (typed)", matrices["minilm", mode].nearest(typed_vector))
                if mode != "titled+asks":
                    score(f"minilm {mode} (plain words)", matrices["minilm", mode].nearest(plain_vector))
                score(f"wordllama {mode}", matrices["wordllama", mode].nearest(wl_vector))
            if show_failures and not accepted(typed_card, item["accept"], article):
                failures.append(f"  {question!r}: got {card_ref(typed_card)}; want {' | '.join(item['accept'])}")
            candidates = []
            if q is not None:
                try:
                    candidates, _ = await engine._candidates(q, lexicon, NO_GUILD, ASK_KINDS, generation)
                except QueryRejected:
                    candidates = []
            score("engine (first candidate)", candidates[0].hit.card if candidates else None)
            at = [by_ref.get(card_ref(c.hit.card)) for c in candidates]
            cosines = [float(typed_sims[n]) if n is not None else 0.0 for n in at]
            for weight in MIX_WEIGHTS:
                mixed = [c.probability + weight * cos for c, cos in zip(candidates, cosines, strict=True)]
                best = candidates[int(np.argmax(mixed))].hit.card if candidates else None
                score(f"engine+minilm w={weight}", best)
        # Answerability: how well each one's best cosine parts answerable questions from the rest
        best: dict[str, tuple[list[float], list[float]]] = {}
        for is_answerable, items in ((0, not_covered), (1, answerable)):
            for item in items:
                try:
                    q = read_question(item["q"], lexicon, people)
                except QueryRejected:
                    q = None
                typed_vector = minilm.embed([item["q"]])[0]
                wl_vector = wordllama.embed([q.meaning if q else meaningful_words(item["q"])])[0]
                for mode in ("words", "titled+asks"):
                    for model, vector in (("minilm", typed_vector), ("wordllama", wl_vector)):
                        top = float(matrices[model, mode].similarities(vector).max())
                        best.setdefault(f"{model} {mode}", ([], []))[is_answerable].append(top)
        release_freed_memory()
        added = rss_mib() - before

    total = len(answerable)
    print(f"{path.name}: {total} answerable questions, {len(cards)} cards ({rows} rows without asks)")
    for name, count in right.items():
        print(f"  top-1 {name:34} {count:3}/{total} ({count / total:.1%})")
    cpu = np.asarray(cpu_ms)
    print(
        f"  MiniLM ({precision}) per question, CPU: p50 {np.percentile(cpu, 50):.1f} ms, p99 "
        f"{np.percentile(cpu, 99):.1f} ms over {len(cpu)} (OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})"
    )
    print(
        f"  MiniLM self-check: 'A man is eating food.' ~ '... a piece of bread.' {reference_cosine:.4f} (reference 0.7553)"
    )
    print(
        f"  MiniLM load {loaded_ms:.0f} ms; cards embedded (both models, with and without asks) {cards_cpu:.1f} s CPU"
    )
    for name, (others, answerable_best) in best.items():
        if others and answerable_best:
            a, o = np.asarray(answerable_best)[:, None], np.asarray(others)[None, :]
            auc = float((a > o).mean() + 0.5 * (a == o).mean())
            print(
                f"  best cosine, {name:22} answerable median {np.median(a):.3f}, not covered median "
                f"{np.median(o):.3f} ({len(others)}): AUC {auc:.3f}"
            )
    print(f"  resident memory MiniLM added: {added:.1f} MiB; load average {os.getloadavg()[0]:.2f}")
    if failures:
        print("MiniLM titled (typed) misses:")
        print("\n".join(failures))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ask.minilm_probe", description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, required=True, help="a questions file (evaluate.py's format)")
    parser.add_argument("--precision", choices=("fp16", "int8"), default="int8", help="the cached weights' type")
    parser.add_argument(
        "--failures", action="store_true", help="list MiniLM's misses (tuning or development sets only)"
    )
    args = parser.parse_args(argv)
    if args.failures and args.questions.name.startswith("heldout"):
        parser.error("--failures is for tuning and development sets: a held-out set's misses stay unread")
    try:
        return asyncio.run(probe(args.questions, args.precision, args.failures))
    except (QuestionsError, FileNotFoundError) as error:  # a bad questions file; the model not installed
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
