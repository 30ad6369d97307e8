"""Meaning, not only words: a small static embedding model, and the index of the content's vectors.

The model is WordLlama's ``l2_supercat`` at 256 dimensions: one vector per token of Llama 2's
tokenizer (32,000 tokens, float16, 16 MB), a text's vector being the mean of its tokens' vectors.
Its weights and tokenizer ship inside the ``wordllama`` wheel, and are read from there: nothing is
downloaded, ever (WordLlama's own loader looks for the tokenizer in ``tokenizer/`` while the wheel
holds ``tokenizers/``, and would go to the network for it). The package itself is never imported:
its ``inference`` module calls ``logging.basicConfig`` at import, and its loader pulls in pydantic
and requests; the model needs only the tokenizer and the weights. The weights are memory-mapped,
so only the rows of tokens actually used are read.

numpy and tokenizers cost memory (about 40 MiB together, with the tokenizer loaded): they are
imported when the model is first loaded, at the first /ask, never by a process that only plays
trivia. :func:`shared_model` loads it once per process.

Texts are embedded by their meaningful words only (common, question and filler words left out):
a mean over every token would be mostly "the", "what" and "did", and every question would look
alike.
"""

from __future__ import annotations

import importlib.util
import json
import logging
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
    rows, dims = tensor["shape"]
    return 8 + header_size + tensor["data_offsets"][0], (int(rows), int(dims))


class EmbeddingModel:
    """Token vectors averaged into unit-length text vectors."""

    def __init__(self, folder: Path | None = None) -> None:
        import numpy as np
        from tokenizers import Tokenizer

        folder = folder or package_folder()
        weights, tokenizer = folder.joinpath(*WEIGHTS), folder.joinpath(*TOKENIZER)
        for path in (weights, tokenizer):
            if not path.is_file():
                raise ModelUnavailable(f"{path} is missing")
        offset, shape = _tensor_offset(weights)
        self._np = np
        self.vectors = np.memmap(weights, dtype=np.float16, mode="r", offset=offset, shape=shape)
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.dims = shape[1]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a text without tokens: the zero vector), float32."""
        np = self._np
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        if not texts:
            return out
        rows = self.vectors.shape[0]
        for index, encoding in enumerate(self.tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            ids = [i for i in encoding.ids if 0 <= i < rows]
            if not ids:
                continue
            mean = self.vectors[ids].astype(np.float32).mean(axis=0)
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


# ---------------------------------------------------------------------------------- the index
@dataclass(frozen=True, slots=True)
class Neighbour:
    doc_id: int
    similarity: float  # cosine, -1..1: the best of the document's vectors


class SemanticIndex:
    """Every document's vectors (its title and words, and each of its fan questions), searched by
    brute force: for the article a few hundred rows, microseconds; 100,000 quotes take a few
    milliseconds, a matrix product."""

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

    def __len__(self) -> int:
        return len(self.rows)

    def embed(self, text: str) -> Any:
        return self.model.embed([text])[0]

    def scores(self, vector: Any) -> Scores:
        return Scores(self, self.matrix @ vector if len(self.owners) else self._np.zeros(0, dtype=self._np.float32))


class Scores:
    """One question's similarity to every row of a :class:`SemanticIndex`."""

    def __init__(self, index: SemanticIndex, scores: Any) -> None:
        self._index = index
        self._scores = scores

    def of(self, doc_id: int) -> float:
        """The document's best similarity (-1 when the index does not hold it)."""
        rows = self._index.rows.get(doc_id)
        return float(self._scores[rows].max()) if rows else -1.0

    def nearest(self, count: int) -> list[Neighbour]:
        """The ``count`` documents most like the question, best first."""
        np, scores = self._index._np, self._scores
        if not len(scores) or count <= 0:
            return []
        take = min(len(scores), count * 4)  # documents have several rows: take enough rows
        rows = np.argpartition(-scores, take - 1)[:take] if take < len(scores) else np.arange(len(scores))
        rows = rows[np.argsort(-scores[rows], kind="stable")]
        found: dict[int, float] = {}
        for row in rows.tolist():
            found.setdefault(int(self._index.owners[row]), float(scores[row]))
            if len(found) == count:
                break
        return [Neighbour(doc_id, similarity) for doc_id, similarity in found.items()]
