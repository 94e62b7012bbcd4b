"""Build every generated file from data/curation/, or --check that the committed ones are up to date.

    python -m policykg.curation            # regenerate what is out of date
    python -m policykg.curation --check    # exit 1 and list each stale file; exit 0 when all are up to date

Exit 2 with one line on bad curated input (a file breaking its contract in data/curation/schema.toml, a quote
not in its source, an unknown reference). Targets run in order: later ones read data/sources.ttl, which the
first one writes. Output is deterministic and every file is replaced atomically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyKGError
from ..resources import resource_root
from ..serialize import atomic_write_bytes
from . import case, codelists, laws, rank, rule_sources, sources
from .schema import Reader


@dataclass(frozen=True)
class Target:
    name: str
    build: Callable[[Reader], dict[str, bytes]]
    owns: str | None = None  # a folder (relative to the root) every file of which this target writes


TARGETS = (
    Target("sources", sources.build),
    Target("codelists", codelists.build),
    Target("rank", rank.build),
    Target("rule-sources", rule_sources.build),
    Target("laws", laws.build, owns=laws.OUTPUT_DIR),
    Target("case", case.build),
)
NAMES = tuple(t.name for t in TARGETS)


@dataclass(frozen=True)
class Stale:
    path: str
    why: str  # missing | differs | not produced by the builder

    def __str__(self) -> str:
        return f"{self.path}: {self.why}"


def _extras(root: Path, target: Target, produced: dict[str, bytes]) -> list[str]:
    if target.owns is None or not (root / target.owns).is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in (root / target.owns).glob("*.ttl")
                  if p.relative_to(root).as_posix() not in produced)


def stale_files(root: Path, target: Target, produced: dict[str, bytes]) -> list[Stale]:
    """What on disk differs from what *target* makes."""
    found: list[Stale] = []
    for rel, data in produced.items():
        path = root / rel
        if not path.is_file():
            found.append(Stale(rel, "missing"))
        elif path.read_bytes() != data:
            found.append(Stale(rel, "differs from what the builder makes"))
    found += [Stale(rel, "not produced by the builder") for rel in _extras(root, target, produced)]
    return found


def run(root: Path, *, check: bool, only: tuple[str, ...] = ()) -> list[Stale]:
    """Build (or check) the targets named in *only* (all when empty); return the stale files found.

    When writing, each stale file is rewritten (or removed) before the next target builds.
    """
    reader = Reader(root)
    found: list[Stale] = []
    for target in TARGETS:
        if only and target.name not in only:
            continue
        produced = target.build(reader)
        stale = stale_files(root, target, produced)
        found += stale
        if check:
            continue
        for s in stale:
            if s.why == "not produced by the builder":
                (root / s.path).unlink()
            else:
                atomic_write_bytes(root / s.path, produced[s.path])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policykg.curation", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list stale files and exit 1 instead of writing them")
    parser.add_argument("--root", type=Path, default=None,
                        help="checkout to build in (holds data/ and ontology/; default: this one)")
    parser.add_argument("--only", action="append", choices=NAMES, default=[], help="build only this target (repeatable)")
    args = parser.parse_args(argv)
    try:
        root = args.root if args.root is not None else resource_root()
        found = run(root, check=args.check, only=tuple(args.only))
    except PolicyKGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        for s in found:
            print(f"stale: {s}")
        if found:
            print(f"{len(found)} generated file(s) out of date: run python -m policykg.curation", file=sys.stderr)
            return 1
        return 0
    for s in found:
        print(f"{'removed' if s.why == 'not produced by the builder' else 'wrote'} {s.path}")
    return 0
