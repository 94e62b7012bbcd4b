"""Write constraints.txt: name==version of every installed distribution in the dependency closure of policykg
(its dependencies, the test and pdf extras) and of the dev tools CI runs, as installed in the running Python.

    /work/venv/bin/python tools/freeze-constraints.py        # rewrite constraints.txt
    /work/venv/bin/python tools/freeze-constraints.py --check  # exit 1 if constraints.txt is not what it would write
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
DEV_TOOLS = ["pytest-xdist", "mypy", "ruff"]
HEADER = ("# Versions CI installs (pip install -c constraints.txt): the dependency closure of policykg[test,pdf] and the\n"
          "# dev tools (pytest-xdist, mypy, ruff) as in the reference venv. Regenerate with tools/freeze-constraints.py.\n")


def roots() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in ("test", "pdf"):
        reqs += project.get("optional-dependencies", {}).get(extra, [])
    return [Requirement(r).name for r in reqs] + DEV_TOOLS


def closure(names: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency that is not installed here
        seen[key] = dist.version
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def text() -> str:
    return HEADER + "".join(f"{k}=={v}\n" for k, v in sorted(closure(roots()).items()))


def main(argv: list[str]) -> int:
    target = ROOT / "constraints.txt"
    if "--check" in argv:
        ok = target.is_file() and target.read_text(encoding="utf-8") == text()
        print("constraints.txt is up to date" if ok else "constraints.txt differs: run tools/freeze-constraints.py")
        return 0 if ok else 1
    target.write_text(text(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
