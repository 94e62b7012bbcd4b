"""The HTML pages (check report, graph viewer, SPARQL UI, evaluation draft) rendered from render/templates/.

One Jinja environment: autoescape on for every template, so text from drafts and the registry can never become
markup; only values the Python side marks ``Markup`` (an inlined SVG, a JSON block made safe for <script>, our own
CSS and script) go in unescaped. Escaping is ``html.escape`` (``&#x27;``, ``&quot;``), the one the pages were built
with before templates, so the recorded outputs (tests/golden.py) keep their bytes. Whitespace follows the template
lines: block tags take no line of their own (trim_blocks, lstrip_blocks), the final newline is kept.
"""

from __future__ import annotations

import html
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


def escape(value: object) -> Markup:
    """Every ``{{ value }}`` of a template: markup stays, anything else is escaped as html.escape does."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value), quote=True))


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("policykg.render", "templates"),
        autoescape=True,
        finalize=escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(template: str, **context: object) -> str:
    """The page *template* (a file name under render/templates/) filled with *context*."""
    return environment().get_template(template).render(**context)


__all__ = ["Markup", "environment", "escape", "render_page"]
