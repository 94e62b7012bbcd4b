"""The one reader of the grlc-style ``#+ key: value`` header of a ``.rq`` file (saved queries and check queries).

The header is the leading block of comment lines; ``#+ key: value`` sets a key, ``#+ - item`` continues the list
of the key before it (grlc's ``tags`` form). What a key means is up to the reader: the saved-query library
(:mod:`policykg.queries`) and the check queries (:mod:`policykg.rulebook.checks`) both read through
:func:`header_entries`.
"""

from __future__ import annotations

import re
from typing import Iterator

HEADER_RE = re.compile(r"^#\+\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
LIST_ITEM_RE = re.compile(r"^#\+\s+-\s*(?P<value>.*?)\s*$")


def header_entries(text: str) -> Iterator[tuple[str, str, bool]]:
    """(key, value, is_list_item) for each header line of *text*; a list item carries the key it continues.

    >>> list(header_entries("#+ summary: a / b\\n#+ tags:\\n#+   - x\\n# plain\\nSELECT * {}\\n#+ late: no"))
    [('summary', 'a / b', False), ('tags', '', False), ('tags', 'x', True)]
    """
    last_key: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return  # the header is the leading comment block
        item = LIST_ITEM_RE.match(stripped)
        if item and last_key is not None:
            yield last_key, item["value"], True
            continue
        m = HEADER_RE.match(stripped)
        if m:
            last_key = m["key"]
            yield m["key"], m["value"], False


__all__ = ["HEADER_RE", "LIST_ITEM_RE", "header_entries"]
