"""Generate the Weihai case and the registry it needs, every fact with an excerpt of a shipped source.

Writes (relative to the data folder):
  registry/organs.ttl       issuing organs, levels, leadership line (case_organs)
  registry/directives.ttl   higher-level documents and their provisions (case_directives)
  cases/weihai-2023/documents.ttl, evaluation.ttl, measures.ttl, results.ttl, indicators.ttl (case_weihai,
  case_results)

Usage:  python tools/build_case.py [--out DIR]
The sources are always read from the checkout's data/ (data/sources.ttl says where each text lives); --out
writes the Turtle elsewhere, which is how the tests compare the checked-in files with a fresh build.
Output is deterministic (policykg.serialize.write_turtle) and each file is replaced atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))

import case_directives  # noqa: E402
import case_organs  # noqa: E402
import case_results  # noqa: E402
import case_weihai  # noqa: E402
from case_common import DATA, Sources  # noqa: E402
from policykg.errors import PolicyKGError  # noqa: E402
from policykg.serialize import write_turtle  # noqa: E402

CASE_DIR = "cases/weihai-2023"
OUTPUTS = ("registry/organs.ttl", "registry/directives.ttl", f"{CASE_DIR}/documents.ttl",
           f"{CASE_DIR}/evaluation.ttl", f"{CASE_DIR}/measures.ttl", f"{CASE_DIR}/results.ttl",
           f"{CASE_DIR}/indicators.ttl")


def build(data_root: Path = DATA) -> dict[str, Graph]:
    """Every output graph by its path relative to the data folder."""
    sources = Sources(data_root)
    directives, _ = case_directives.build(sources)
    measures, by_key = case_results.measures(sources)
    results, indicators = case_results.results(sources, by_key)
    graphs = {
        "registry/organs.ttl": case_organs.build(sources).graph,
        "registry/directives.ttl": directives.graph,
        f"{CASE_DIR}/documents.ttl": case_weihai.documents(sources).graph,
        f"{CASE_DIR}/evaluation.ttl": case_weihai.evaluation(sources).graph,
        f"{CASE_DIR}/measures.ttl": measures.graph,
        f"{CASE_DIR}/results.ttl": results.graph,
        f"{CASE_DIR}/indicators.ttl": indicators.graph,
    }
    assert tuple(graphs) == OUTPUTS
    return graphs


def write(graphs: dict[str, Graph], out_root: Path) -> None:
    for rel, graph in graphs.items():
        write_turtle(graph, Path(out_root) / rel)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write into (default: the checkout's data/)")
    args = parser.parse_args(argv)
    try:
        graphs = build()
        write(graphs, args.out)
    except PolicyKGError as exc:
        print(f"build_case: {exc}", file=sys.stderr)
        return 2
    for rel, graph in graphs.items():
        print(f"{rel}: {len(graph)} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
