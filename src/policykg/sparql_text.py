"""The code of a SPARQL text, for the checks that look for a keyword or a variable in it without parsing it."""

from __future__ import annotations

import re


def code_of(text: str) -> str:
    """*text* with its string literals, IRIs and comments blanked (offsets kept), so that keywords and variables
    inside them are not matched."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        if c in "'\"":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            out.append(quote + " " * max(0, j - i - 2 * len(quote)) + quote if j - i >= 2 * len(quote)
                       else text[i:j])
            i = j
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            if m:
                out.append("<" + "x" * (m.end() - 2) + ">")
                i += m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


__all__ = ["code_of"]
