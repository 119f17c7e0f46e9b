"""Go ``regexp`` (RE2 syntax, https://pkg.go.dev/regexp/syntax) on top of Python's ``re``, for the matches omec
must decide the way OME's Go code does.

A Go pattern is translated token by token into an equivalent Python pattern:

* ``$`` is end of text in Go (``\\z``), Python's ``$`` also matches before a final newline: it becomes ``\\Z``
  (``$`` is kept under ``(?m)``, where both mean end of line). ``\\z`` becomes ``\\Z``; Go has no ``\\Z``.
* ``\\d \\s \\w \\b \\B`` and the POSIX classes ``[[:alpha:]]`` are ASCII-only in Go, Unicode in Python: they are
  spelled out as ASCII ranges (Go's ``\\s`` is ``[\\t\\n\\f\\r ]``, without ``\\v``).
* ``(?flags)`` in mid-pattern applies to the rest of its group, across ``|``: it becomes scoped ``(?flags:...)``
  groups. Named groups ``(?P<n>...)``/``(?<n>...)`` become plain groups (Go allows names Python refuses).
* ``\\Q...\\E``, octal ``\\123`` and ``\\x{10FFFF}`` escapes are expanded; ``{,n}`` and ``{01}`` are literal text.

What Go refuses raises :class:`GoRegexpError` with Go's message, ``error parsing regexp: <code>: `<expr>```:
lookaheads, ``(?>`` and ``(?#`` (``invalid or unsupported Perl syntax``), lookbehinds (``invalid named capture``:
Go reads ``(?<`` as a name), backreferences ``\\1`` and Python-only escapes ``\\Z \\u \\N`` (``invalid escape
sequence``), stacked quantifiers ``a**`` and possessive ``a*+``, repeat counts over 1000. Valid Go that omec does
not translate (``\\pL`` Unicode classes, the ``U`` flag, a quantifier right after mid-pattern flags) raises
:class:`UnsupportedRegexp`. Not reproduced: Go's size and nesting limits; under ``(?i)`` Python also matches
``İ`` and ``ı`` for ``i`` (Go folds ``i`` only with ``I``); Python backtracks where RE2 runs in linear time.
"""
from __future__ import annotations

import re
from functools import lru_cache

from omec.golang.re2syntax import GoRegexpError, UnsupportedRegexp, translate

__all__ = ["GoRegexpError", "UnsupportedRegexp", "compile", "full_match", "match_string", "translate"]


def match_string(pattern: str, text: str) -> bool:
    """Go's ``regexp.MatchString(pattern, text)``: whether ``text`` contains a match (unanchored)."""
    return compile(pattern).search(text) is not None


def full_match(pattern: str, text: str) -> bool:
    """Whether all of ``text`` matches, as Go's ``regexp.MustCompile("^(?:" + pattern + ")$")`` decides:
    ``$`` is end of text, so ``"a\\n"`` does not fully match ``a``."""
    return compile(pattern).fullmatch(text) is not None


@lru_cache(maxsize=512)
def compile(pattern: str) -> re.Pattern[str]:
    """The Python regular expression equivalent to the Go pattern (see :func:`translate`)."""
    try:
        return re.compile(translate(pattern))
    except re.error as err:  # a translation gap, never expected
        raise UnsupportedRegexp(f"omec could not translate Go regexp {pattern!r}: {err}") from None
