"""Renderers of a CheckReport: one module per output format, all reading the same model.

>>> sorted(FORMATS)
['docx', 'html', 'json', 'markdown', 'text', 'turtle']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ..errors import PolicyKGError
from ..safetext import for_markup, for_terminal

if TYPE_CHECKING:  # the renderers import the report model; the package itself stays light (render.pages, serve)
    from ..check.report import CheckReport

#: format name → module under policykg.render (each has ``render(report) -> str``)
FORMATS: dict[str, str] = {
    "text": "text",
    "markdown": "markdown",
    "html": "html",
    "json": "json",
    "turtle": "turtle",
    "docx": "docx",
}


def render(report: CheckReport, fmt: str = "text") -> str | bytes:
    """Render *report* in format *fmt* (text, markdown, html, json, turtle: str; docx: bytes)."""
    module = FORMATS.get(fmt)
    if module is None:
        raise PolicyKGError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out = importlib.import_module(f"{__name__}.{module}").render(report)
    # data is untrusted: no terminal escapes in what people read in a terminal, no NUL in a page (policykg.safetext)
    if fmt in ("text", "markdown"):
        return for_terminal(out)
    if fmt == "html":
        return for_markup(out)
    return out
