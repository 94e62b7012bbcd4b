"""Text from the data made safe for where it is shown: a terminal, or an HTML page.

A title or quote in a Turtle file or a draft is untrusted: terminal escape sequences in it could rewrite what a
reviewer sees in a text report (move the cursor, hide lines, set the window title), and a NUL or other control
character is not allowed in HTML. Renderers pass their finished output through one of these.

>>> for_terminal("通过\\x1b[2K\\x1b[1A PASSED\\x07")
'通过 PASSED'
>>> for_markup("a\\x00b")
'a\\ufffdb'
"""

from __future__ import annotations

import re

# ECMA-48: CSI … final byte, OSC/DCS/PM/APC … ST or BEL, and any other ESC + one character
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)|\x9b[0-?]*[ -/]*[@-~]|\x1b.?",
                      re.DOTALL)
# C0 controls but TAB and LF, DEL, C1 controls, and the bidirectional overrides/isolates that reorder text
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# what HTML 5 and XML 1.0 do not allow as text: C0 controls but TAB, LF, CR; and the noncharacters U+FFFE/FFFF
_MARKUP_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def for_terminal(text: str) -> str:
    """*text* without escape sequences and control characters (TAB and LF kept; CR LF → LF)."""
    text = text.replace("\r\n", "\n")
    return _TERMINAL_CONTROLS.sub("", _ESCAPES.sub("", text))


def for_markup(text: str) -> str:
    """*text* with every character HTML/XML may not carry replaced by U+FFFD (visible, not silently dropped)."""
    return _MARKUP_CONTROLS.sub("\ufffd", text)


__all__ = ["for_markup", "for_terminal"]
