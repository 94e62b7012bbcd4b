"""The outputs a user sees from the bundled data, recorded so a refactor can prove it changed none of them.

Each case is one `policykg ...` command line run through the real entry point (in-process); its output file
(``-o``) or standard output is the recorded artefact. Binary outputs (PNG) are recorded as their SHA-256, the
rest as the bytes themselves, under tests/fixtures/golden/.

Regenerate (only when a change of output is intended, and say so in the commit message):

    PYTHONPATH=src python tests/golden.py --write

`python tests/golden.py` without --write compares and lists the cases that differ; names after the options keep only
the cases whose file name starts with one of them (e.g. `--write check/ trace/`).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
DRAFTS = Path("tests") / "fixtures" / "check" / "drafts"  # relative: reports name drafts as given (run from ROOT)
AS_OF = "2026-11-26"

CHECK_FORMATS = ("text", "markdown", "html", "json", "turtle")
EXPORT_VIEWS = ("basis", "trace", "all")
EXPORT_FORMATS = ("graphml", "gexf", "cyjs", "dot", "svg", "png", "jsonld", "html")
BINARY = ("png",)
QUERY_FORMATS = ("table", "csv", "tsv", "json")
# parameters the saved queries need (required ones); every saved query is recorded, with --as-of when it reads a date
QUERY_PARAMS: dict[str, tuple[str, ...]] = {
    "basis-chain": ("--param", "document=威政字〔2023〕40号"),
    "impact-of-change": ("--param", "directive=国科发创〔2016〕370号"),
    "describe-node": ("--param", "node=https://w3id.org/policykg/doc/威政字-2023-40"),
    "evaluation-coverage": ("--param", "document=威政字〔2023〕40号"),
}


def saved_queries() -> dict[str, tuple[str, ...]]:
    """name → the arguments of every saved query (not the checks) of the library.

    Read from the files' headers only: this runs when pytest collects (also for `-m "not slow"`), and parsing the
    SPARQL of every query (policykg.queries.discover) would cost seconds there.
    """
    from policykg.queries import queries_root
    from policykg.rulebook.header import header_entries

    out = {}
    for path in sorted(queries_root().glob("*.rq")):  # the checks live in checks/
        args = QUERY_PARAMS.get(path.stem, ())
        params = [v for k, v, item in header_entries(path.read_text(encoding="utf-8")) if k == "params" and not item]
        if any(re.match(r"asOf\b", v) for v in params):
            args += ("--as-of", AS_OF)
        out[path.stem] = args
    return out


def cases() -> dict[str, tuple[str, ...]]:
    """file name under tests/fixtures/golden/ → the command line (without `policykg`) that produces it.

    A command line containing ``{out}`` writes its output to that file; otherwise stdout is recorded.
    """
    out: dict[str, tuple[str, ...]] = {}
    for fmt in CHECK_FORMATS:
        ext = {"text": "txt", "markdown": "md", "turtle": "ttl"}.get(fmt, fmt)
        out[f"check/bundled.{ext}"] = ("check", "--as-of", AS_OF, "--format", fmt, "-o", "{out}")
    for draft in ("violating", "expired"):
        for fmt in ("text", "json"):
            ext = {"text": "txt"}.get(fmt, fmt)
            out[f"check/draft-{draft}.{ext}"] = (
                "check", str(DRAFTS / f"{draft}.ttl"), "--as-of", AS_OF, "--format", fmt, "-o", "{out}")
    for name, args in saved_queries().items():
        for fmt in QUERY_FORMATS:
            ext = {"table": "txt"}.get(fmt, fmt)
            out[f"query/{name}.{ext}"] = ("query", name, *args, "--format", fmt)
    out["queries/list.txt"] = ("queries",)
    out["queries/list.json"] = ("queries", "--format", "json")
    for fmt in ("text", "markdown", "json"):
        ext = {"text": "txt", "markdown": "md"}.get(fmt, fmt)
        out[f"trace/all.{ext}"] = ("trace", "--all", "--format", fmt)
    for view in EXPORT_VIEWS:
        for fmt in EXPORT_FORMATS:
            ext = {"cyjs": "cyjs.json", "jsonld": "jsonld", "html": "html"}.get(fmt, fmt)
            name = f"export/{view}.{ext}" + (".sha256" if fmt in BINARY else "")
            out[name] = ("export", "--view", view, "--format", fmt, "-o", "{out}")
    out["export/focus-40-depth2.dot"] = ("export", "--focus", "威政字〔2023〕40号", "--depth", "2", "--format", "dot",
                                         "-o", "{out}")
    out["build/counts.txt"] = ("build",)
    return out


def run(args: tuple[str, ...]) -> tuple[int, bytes]:
    """Exit code and recorded bytes of `policykg ARGS` (the -o file when {out} is given, else stdout)."""
    from policykg.cli import main as main_mod

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out"
        argv = [str(target) if a == "{out}" else a for a in args]
        stdout, stderr = StringIO(), StringIO()
        old = sys.stdout, sys.stderr, os.environ.pop("COLUMNS", None)
        cwd = os.getcwd()
        os.chdir(ROOT)
        sys.stdout, sys.stderr = stdout, stderr
        code = 0
        try:
            main_mod.main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        finally:
            sys.stdout, sys.stderr = old[0], old[1]
            os.chdir(cwd)
            if old[2] is not None:
                os.environ["COLUMNS"] = old[2]
        if code not in (0, 1):
            raise RuntimeError(f"policykg {' '.join(args)}: exit {code}: {stderr.getvalue().strip()}")
        data = target.read_bytes() if "{out}" in args else stdout.getvalue().encode("utf-8")
    return code, data


def produce(name: str, args: tuple[str, ...]) -> bytes:
    code, data = run(args)
    if name.endswith(".sha256"):
        data = (hashlib.sha256(data).hexdigest() + "\n").encode()
    # the exit code is part of what a user sees
    return f"exit {code}\n".encode() + data


def main(argv: list[str]) -> int:
    write = "--write" in argv
    only = [a for a in argv if not a.startswith("--")]
    selected = {n: a for n, a in cases().items() if not only or n.startswith(tuple(only))}
    differ = []
    for name, args in selected.items():
        data = produce(name, args)
        path = GOLDEN / name
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        elif not path.is_file() or path.read_bytes() != data:
            differ.append(name)
    if write:
        print(f"wrote {len(selected)} files under {GOLDEN.relative_to(ROOT)}")
    for name in differ:
        print(f"differs: {name}")
    return 1 if differ else 0


def imported_from() -> Path | None:
    """Where the policykg package in use comes from (None when it cannot be imported)."""
    try:
        import policykg
    except ImportError:
        return None
    return Path(policykg.__file__).resolve().parent


def runs_this_checkout() -> bool:
    """True when policykg is this checkout's src/ (recorded outputs must never come from a stale install)."""
    package = imported_from()
    return package is not None and package.is_relative_to(ROOT / "src")


if __name__ == "__main__":
    if not runs_this_checkout():
        print(f"golden.py: policykg comes from {imported_from() or 'nowhere'}, not this checkout's src/: "
              "run it as PYTHONPATH=src python tests/golden.py", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1:]))
