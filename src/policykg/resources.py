"""Locate the bundled ontology, shapes, queries and data, from a checkout or an installed wheel."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

KINDS = ("ontology", "shapes", "queries", "data")


@lru_cache(maxsize=None)
def resource_root() -> Path:
    """The folder holding ontology/, shapes/, queries/ and data/.

    In a checkout (or an editable install) that is the repository root; in a wheel the folders are
    packaged under policykg/_bundled.
    """
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled"
    if (bundled / "ontology").is_dir():
        return bundled
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "ontology").is_dir():
            return parent
    raise FileNotFoundError("policykg resources not found (neither policykg/_bundled nor a checkout)")


def resource_dir(kind: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    return resource_root() / kind


def ontology_files() -> list[Path]:
    return sorted(resource_dir("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(resource_dir("shapes").glob("*.ttl"))


def data_files(data_dir: Path | None = None) -> list[Path]:
    """Every Turtle file under the data folder (the bundled one unless *data_dir* is given)."""
    root = Path(data_dir) if data_dir is not None else resource_dir("data")
    return sorted(p for p in root.rglob("*.ttl") if p.is_file())


def source_text_path(local_path: str, data_dir: Path | None = None) -> Path:
    """Resolve a pkg:localPath of a source text (relative to data/)."""
    root = Path(data_dir) if data_dir is not None else resource_dir("data")
    return root / local_path
