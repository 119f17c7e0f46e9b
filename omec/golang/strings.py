"""Go's ``strings.TrimSpace`` and ``strings.Fields`` (https://pkg.go.dev/strings), for the places OME trims or
splits user text (argument merging, comma-separated annotations, ``Quantity.UnmarshalJSON``).

Both use Go's ``unicode.IsSpace``, the Unicode White_Space property. Python's ``str.strip()``/``str.split()``
also treat U+001C..U+001F (file, group, record and unit separators) as whitespace; Go does not.
"""
from __future__ import annotations

import re

__all__ = ["GO_SPACE", "fields", "trim_space"]

GO_SPACE = (  # unicode.IsSpace: the White_Space property
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_RUNS = re.compile(f"[{re.escape(GO_SPACE)}]+")


def trim_space(s: str) -> str:
    """Go's ``strings.TrimSpace``: ``s`` without leading and trailing ``unicode.IsSpace`` characters."""
    return s.strip(GO_SPACE)


def fields(s: str) -> list[str]:
    """Go's ``strings.Fields``: the non-empty runs of ``s`` between ``unicode.IsSpace`` characters."""
    return [part for part in _RUNS.split(s) if part]
