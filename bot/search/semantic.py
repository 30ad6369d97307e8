"""Meaning, not only words: a small static embedding model, and the index of the content's vectors.

The model is WordLlama's ``l2_supercat`` at 256 dimensions: one vector per token of Llama 2's
tokenizer (32,000 tokens, float16, 16 MB), a text's vector being the mean of its tokens' vectors.
Its weights and tokenizer ship inside the ``wordllama`` wheel, and are read from there: nothing is
downloaded, ever (WordLlama's own loader looks for the tokenizer in ``tokenizer/`` while the wheel
holds ``tokenizers/``, and would go to the network for it). The package itself is never imported:
its ``inference`` module calls ``logging.basicConfig`` at import, and its loader pulls in pydantic
and requests; the model needs only the tokenizer and the weights. Only the rows of tokens actually
used are read from the weights file, into rows of their own (a memory map of the file would grow
resident by the kernel's read-around: 11 MiB of its 16 for the article's words). The tokenizer file is read by our own encoder
(:mod:`bot.search.tokenizer`, the same ids as the ``tokenizers`` library, which is never imported:
it and its parsed tokenizer cost about 15 MiB resident).

numpy costs memory (about 20 MiB resident): it is imported when the model is first loaded, at the
first /ask, never by a process that only plays trivia. :func:`shared_model` loads it once per
process.

Texts are embedded by their meaningful words only (common, question and filler words left out):
a mean over every token would be mostly "the", "what" and "did", and every question would look
alike.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import mmap
import os
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "wordllama"
WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
TENSOR = "embedding.weight"
COARSE_DIMS = 64  # dimensions the nearest documents are first looked for on
CLUSTER_FROM_ROWS = 20_000  # an index this large is searched through clusters (an inverted file)
CLUSTER_ROUNDS = 4
PROBES = 12  # clusters read per question


class ModelUnavailable(RuntimeError):
    """The model's files are not installed (the ``wordllama`` package is missing or incomplete)."""


def package_folder() -> Path:
    """Where the wordllama package is installed, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the {PACKAGE} package is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


def _tensor_offset(path: Path) -> tuple[int, tuple[int, int]]:
    """Where the embedding matrix starts in a safetensors file, and its shape (float16)."""
    with path.open("rb") as file:
        (header_size,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(header_size))
    tensor = header.get(TENSOR)
    if not tensor or tensor.get("dtype") != "F16" or len(tensor.get("shape", ())) != 2:
        raise ModelUnavailable(f"{path} holds no float16 matrix {TENSOR!r}")
    rows, dims = (int(n) for n in tensor["shape"])
    start, end = tensor["data_offsets"]
    if end - start != rows * dims * 2 or path.stat().st_size < 8 + header_size + end:
        raise ModelUnavailable(f"{path} is shorter than its {rows} x {dims} matrix")
    return 8 + header_size + start, (rows, dims)


class EmbeddingModel:
    """Token vectors averaged into unit-length text vectors."""

    def __init__(self, folder: Path | None = None) -> None:
        import numpy as np

        from bot.search.tokenizer import LlamaTokenizer, TokenizerMismatch

        folder = folder or package_folder()
        weights, tokenizer = folder.joinpath(*WEIGHTS), folder.joinpath(*TOKENIZER)
        for path in (weights, tokenizer):
            if not path.is_file():
                raise ModelUnavailable(f"{path} is missing")
        offset, shape = _tensor_offset(weights)
        self._np = np
        self.dims = shape[1]
        self._vocabulary = shape[0]
        self._row_bytes = shape[1] * 2
        self._offset = offset
        self._weights = weights
        # Rows read so far, in the order first used: token id -> slot (-1: not read yet). The slots
        # live in an anonymous map, whose pages become resident only once written.
        self._slots = np.full(shape[0], -1, dtype=np.int64)
        self._buffer = mmap.mmap(-1, shape[0] * self._row_bytes)
        self._rows = np.frombuffer(self._buffer, dtype=np.float16).reshape(shape)
        self._used = 0
        self._reading = threading.Lock()
        try:
            self.tokenizer = LlamaTokenizer(tokenizer)
        except (TokenizerMismatch, KeyError, ValueError) as error:
            raise ModelUnavailable(f"{tokenizer}: {error}") from error

    def _vectors(self, ids: list[int]) -> np.ndarray:
        """The tokens' rows of the weights (float16), read from the file the first time each is used."""
        np = self._np
        wanted = np.asarray(ids, dtype=np.int64)
        slots = self._slots[wanted]
        if (slots < 0).any():
            with self._reading:
                missing = [int(i) for i in np.unique(wanted[self._slots[wanted] < 0])]
                with self._weights.open("rb") as file:
                    for token in missing:
                        row = os.pread(file.fileno(), self._row_bytes, self._offset + token * self._row_bytes)
                        self._rows[self._used] = np.frombuffer(row, dtype=np.float16)
                        self._slots[token] = self._used
                        self._used += 1
            slots = self._slots[wanted]
        return self._rows[slots]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a text without tokens: the zero vector), float32."""
        np = self._np
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for index, text in enumerate(texts):
            ids = [i for i in self.tokenizer.encode(text) if 0 <= i < self._vocabulary]
            if not ids:
                continue
            mean = self._vectors(ids).astype(np.float32).mean(axis=0)
            norm = float(np.linalg.norm(mean))
            if norm > 0:
                out[index] = mean / norm
        return out


_model: EmbeddingModel | None = None
_model_lock = threading.Lock()


def shared_model() -> EmbeddingModel:
    """The process's model, loaded at the first call (about 0.1-0.2 s; call it in a thread)."""
    global _model
    with _model_lock:
        if _model is None:
            started = time.perf_counter()
            _model = EmbeddingModel()
            log.info("loaded the /ask embedding model in %.0f ms", (time.perf_counter() - started) * 1000)
        return _model


def model_loaded() -> bool:
    return _model is not None


def release_freed_memory() -> None:
    """Hand the C heap's freed pages back to the system (glibc's ``malloc_trim``): loading the
    tokenizer and the English word list parses megabytes of JSON and text that are freed at once but
    would otherwise stay in the process's resident memory (about 15 MiB). Elsewhere, nothing."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:
        pass


# ---------------------------------------------------------------------------------- the index
@dataclass(frozen=True, slots=True)
class Neighbour:
    doc_id: int
    similarity: float  # cosine, -1..1: the best of the document's vectors


class SemanticIndex:
    """Every document's vectors (its title and words, its sentences, each of its fan questions),
    searched by brute force: for the article a few hundred rows, microseconds; at 100,000 quotes a
    few milliseconds, on the coarse dimensions."""

    def __init__(self, model: EmbeddingModel, documents: Sequence[tuple[int, Sequence[str]]]) -> None:
        np = model._np
        self._np = np
        self.model = model
        owners: list[int] = []
        texts: list[str] = []
        for doc_id, doc_texts in documents:
            for text in doc_texts:
                if text.strip():
                    owners.append(doc_id)
                    texts.append(text)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.rows: dict[int, list[int]] = {}
        for row, doc_id in enumerate(owners):
            self.rows.setdefault(doc_id, []).append(row)
        self.matrix = model.embed(texts) if texts else np.zeros((0, model.dims), dtype=np.float32)
        # The nearest are found on the first COARSE_DIMS dimensions (WordLlama's vectors are trained so
        # that a prefix is an embedding of its own): a quarter of the work over every row, which at
        # 100,000 rows is most of a question's time. Candidates are then scored on all dimensions.
        coarse = np.ascontiguousarray(self.matrix[:, :COARSE_DIMS])
        norms = np.linalg.norm(coarse, axis=1, keepdims=True)
        self.coarse = np.divide(coarse, norms, out=np.zeros_like(coarse), where=norms > 0)
        self.lists = self._clusters() if len(owners) > CLUSTER_FROM_ROWS else None

    def _clusters(self) -> tuple[Any, list[Any]]:
        """An inverted file over the coarse vectors (spherical k-means, about √rows clusters, a few
        rounds from a seeded start): a question then reads the rows of its :data:`PROBES` nearest
        clusters instead of every row. Only for large indexes (the bench's 100,000 quotes)."""
        np = self._np
        rows = len(self.coarse)
        k = max(2, int(rows**0.5))
        rng = np.random.default_rng(0)
        centroids = self.coarse[rng.choice(rows, size=k, replace=False)].copy()
        for _ in range(CLUSTER_ROUNDS):
            assigned = np.argmax(self.coarse @ centroids.T, axis=1)
            sums = np.zeros_like(centroids)
            np.add.at(sums, assigned, self.coarse)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            centroids = np.where(norms > 0, sums / np.where(norms > 0, norms, 1), centroids)
        assigned = np.argmax(self.coarse @ centroids.T, axis=1)
        order = np.argsort(assigned, kind="stable")
        bounds = np.searchsorted(assigned[order], np.arange(k + 1))
        return centroids, [order[bounds[i] : bounds[i + 1]] for i in range(k)]

    def __len__(self) -> int:
        return len(self.rows)

    def embed(self, text: str) -> Any:
        return self.model.embed([text])[0]

    def scores(self, vector: Any) -> Scores:
        return Scores(self, vector)


class Scores:
    """One question's similarity to the rows of a :class:`SemanticIndex`."""

    def __init__(self, index: SemanticIndex, vector: Any) -> None:
        self._index = index
        self._vector = vector

    def of(self, doc_id: int) -> float:
        """The document's best similarity, on every dimension (-1 when the index does not hold it)."""
        rows = self._index.rows.get(doc_id)
        return float((self._index.matrix[rows] @ self._vector).max()) if rows else -1.0

    def nearest(self, count: int) -> list[Neighbour]:
        """The ``count`` documents most like the question (on the coarse dimensions), best first."""
        np = self._index._np
        if not len(self._index.owners) or count <= 0:
            return []
        head = self._vector[:COARSE_DIMS]
        norm = float(np.linalg.norm(head))
        head = np.ascontiguousarray(head / norm if norm else head, dtype=np.float32)
        if self._index.lists is None:
            candidates = None
            scores = self._index.coarse @ head
        else:
            centroids, lists = self._index.lists
            probed = np.argsort(-(centroids @ head))[:PROBES]
            candidates = np.concatenate([lists[i] for i in probed.tolist()])
            scores = self._index.coarse[candidates] @ head
        take = min(len(scores), count * 4)  # documents have several rows: take enough rows
        picked = np.argpartition(-scores, take - 1)[:take] if take < len(scores) else np.arange(len(scores))
        picked = picked[np.argsort(-scores[picked], kind="stable")]
        found: dict[int, float] = {}
        for at in picked.tolist():
            row = at if candidates is None else int(candidates[at])
            found.setdefault(int(self._index.owners[row]), float(scores[at]))
            if len(found) == count:
                break
        return [Neighbour(doc_id, similarity) for doc_id, similarity in found.items()]
