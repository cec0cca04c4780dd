"""What text the desk accepts from callers.

One-line fields (names, subjects, reasons that end up in mail headers, labels) must not carry
control characters of any kind: a CR or LF there would split an email header. Bodies keep
their line breaks and tabs but lose every other C0/C1 control character and any lone UTF-16
surrogate (which cannot be stored or sent as UTF-8); CRLF and lone CR become LF.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# In a body: every control except TAB and LF (CR is normalised to LF first).
_BODY_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def line_problem(value: str) -> str | None:
    """Why `value` cannot be a one-line field, or None when it can."""
    found = _LINE_BREAKING.search(value)
    if found:
        char = found.group()
        if char in "\r\n\u2028\u2029":
            return "must be one line: remove the line break"
        return f"must not contain control characters (U+{ord(char):04X} at position {found.start()})"
    if _SURROGATE.search(value):
        return "must be valid Unicode text (it contains a lone surrogate)"
    return None


def clean_body(value: str) -> str:
    """The body as stored: LF line breaks, tabs kept, other controls and lone surrogates dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _BODY_CONTROLS.sub("", value)
    return _SURROGATE.sub("", value)
