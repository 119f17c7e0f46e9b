"""Go RE2 syntax (https://pkg.go.dev/regexp/syntax) translated to an equivalent Python ``re`` pattern: groups,
flags, alternation and repetition; characters and classes are :mod:`omec.golang.re2chars`. The rules and their
limits are described in :mod:`omec.golang.regexp`, which is the module to use."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from omec.golang.re2chars import (
    ASSERTIONS,
    PERL,
    GoRegexpError,
    UnsupportedRegexp,
    char,
    class_text,
    parse_class,
    parse_escape,
)

__all__ = ["GoRegexpError", "UnsupportedRegexp", "translate"]


def translate(pattern: str) -> str:
    """The Python ``re`` spelling of a Go RE2 pattern; Go's errors as :class:`GoRegexpError`."""
    return _Translator(pattern).run()


@dataclass
class _Frame:
    """An open group: where its text starts in the output, Go's ``m`` flag, scoped groups opened by (?flags)."""

    start: int
    multiline: bool
    inline: list[str] = field(default_factory=list)


class _Translator:
    """One left-to-right pass in the order of Go's ``regexp/syntax`` parser, so the first error is Go's."""

    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.i = 0
        self.out: list[str] = []
        self.frames = [_Frame(0, False)]
        self.atom: int | None = None  # output index of the last repeatable item, None at a group/branch start
        self.after_flags = False  # the previous token was a mid-pattern (?flags)
        self.last_repeat: int | None = None  # source index of the previous token when it was a repetition

    def run(self) -> str:
        while self.i < len(self.src):
            repeat = self._token()
            self.last_repeat = repeat
        self.out.append(")" * len(self.frames[-1].inline))
        if len(self.frames) != 1:
            raise GoRegexpError("missing closing )", self.src)
        return "".join(self.out)

    def _emit_atom(self, text: str) -> None:
        self.atom, self.after_flags = len(self.out), False
        self.out.append(text)

    def _token(self) -> int | None:
        """Translate the token at ``self.i``; its start when it was a repetition operator."""
        c, start = self.src[self.i], self.i
        if c == "(":
            self._open()
        elif c == "|":
            frame = self.frames[-1]
            self.out.append(")" * len(frame.inline) + "|" + "".join(frame.inline))
            self.atom, self.i = None, self.i + 1
        elif c == ")":
            self._close()
        elif c in "^$.":
            text = {"^": "(?:^)", ".": "."}.get(c, "(?:$)" if self.frames[-1].multiline else r"(?:\Z)")
            self._emit_atom(text)
            self.i += 1
        elif c == "[":
            text, self.i = parse_class(self.src, self.i)
            self._emit_atom(text)
        elif c in "*+?":
            self._repeat(start, self.i + 1, c)
            return start
        elif c == "{":
            counts = self._counts(self.i)
            if counts is None:
                self._emit_atom(char(ord("{")))
                self.i += 1
                return None
            low, high, end = counts
            if low < 0 or low > 1000 or high > 1000 or (high >= 0 and low > high):
                raise GoRegexpError("invalid repeat count", self.src[start:end])
            self._repeat(start, end, f"{{{low},{'' if high < 0 else high}}}")
            return start
        elif c == "\\":
            self._escape()
        else:
            self._emit_atom(char(ord(c)))
            self.i += 1
        return None

    def _open(self) -> None:
        src, i = self.src, self.i
        if not src.startswith("(?", i):
            self._push("(", i + 1)
        elif (src.startswith("(?P<", i) and len(src) - i > 4) or (src.startswith("(?<", i) and len(src) - i > 3):
            end = src.find(">", i)
            if end < 0:
                raise GoRegexpError("invalid named capture", src[i:])
            name = src[i + (3 if src[i + 2] == "<" else 4) : end]
            if not name or not all(ch == "_" or (ch.isascii() and ch.isalnum()) for ch in name):
                raise GoRegexpError("invalid named capture", src[i : end + 1])
            self._push("(", end + 1)
        else:
            self._flags(i)

    def _flags(self, i: int) -> None:
        """``(?flags)`` or ``(?flags:``: Go's letters i, m, s, U, one ``-`` before the ones to clear."""
        on: set[str] = set()
        off: set[str] = set()
        negative, saw, j = False, False, i + 2
        while j < len(self.src):
            c = self.src[j]
            j += 1
            if c in "imsU":
                (off if negative else on).add(c)
                (on if negative else off).discard(c)
                saw = True
            elif c == "-" and not negative:
                negative, saw = True, False
            elif c in ":)" and (saw or not negative):
                self._apply_flags(on, off, c == ":", j)
                return
            else:
                break
        raise GoRegexpError("invalid or unsupported Perl syntax", self.src[i:j])

    def _apply_flags(self, on: set[str], off: set[str], group: bool, end: int) -> None:
        if "U" in on:
            raise UnsupportedRegexp(f"omec does not translate Go's non-greedy flag U: {self.src!r}")
        on.discard("U")
        off.discard("U")
        spec = f"(?{''.join(sorted(on))}{'-' if off else ''}{''.join(sorted(off))}:" if on or off else "(?:"
        frame = self.frames[-1]
        multiline = ("m" in on) or (frame.multiline and "m" not in off)
        if group:
            self._push(spec, end, multiline)
            return
        self.i = end
        if spec != "(?:":
            frame.inline.append(spec)
            frame.multiline = multiline
            self.out.append(spec)
            self.after_flags = True

    def _push(self, text: str, end: int, multiline: bool | None = None) -> None:
        frame = self.frames[-1]
        self.frames.append(_Frame(len(self.out), frame.multiline if multiline is None else multiline))
        self.out.append(text)
        self.atom, self.after_flags, self.i = None, False, end

    def _close(self) -> None:
        if len(self.frames) == 1:
            raise GoRegexpError("unexpected )", self.src)
        frame = self.frames.pop()
        self.out.append(")" * len(frame.inline) + ")")
        self.atom, self.after_flags, self.i = frame.start, False, self.i + 1

    def _repeat(self, start: int, after: int, quantifier: str) -> None:
        if self.src.startswith("?", after):
            after, quantifier = after + 1, quantifier + "?"
        if self.last_repeat is not None:
            raise GoRegexpError("invalid nested repetition operator", self.src[self.last_repeat : after])
        if self.atom is None:
            raise GoRegexpError("missing argument to repetition operator", self.src[start:after])
        if self.after_flags:
            raise UnsupportedRegexp(f"omec does not translate a repetition right after (?flags): {self.src!r}")
        self.out.append(quantifier)
        self.i = after

    def _counts(self, i: int) -> tuple[int, int, int] | None:
        """Go's ``parseRepeat`` at ``{``: (min, max or -1, end), None when it is a literal ``{``."""
        m = re.compile(r"\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?\}").match(self.src, i)
        if m is None:
            return None
        low = int(m[1]) if len(m[1]) <= 9 else -1  # Go gives up on 10+ digits
        if m[2] is None:
            return low, low, m.end()
        if m[3] is None:
            return low, -1, m.end()
        high = int(m[3]) if len(m[3]) <= 9 else -1
        return (-1 if high < 0 else low), high, m.end()

    def _escape(self) -> None:
        src, i = self.src, self.i
        kind = src[i + 1 : i + 2]
        if kind in ASSERTIONS:
            self._emit_atom(ASSERTIONS[kind])
            self.i = i + 2
        elif kind == "C":
            raise GoRegexpError("invalid escape sequence", "\\C")
        elif kind == "Q":
            end = src.find("\\E", i + 2)
            literal = src[i + 2 :] if end < 0 else src[i + 2 : end]
            for ch in literal:
                self._emit_atom(char(ord(ch)))
            self.i = len(src) if end < 0 else end + 2
        elif kind in ("p", "P"):
            raise UnsupportedRegexp(f"omec does not translate Go's Unicode classes (\\p, \\P): {src!r}")
        elif kind in ("d", "s", "w", "D", "S", "W"):
            self._emit_atom(class_text(PERL[kind.lower()], kind.isupper()))
            self.i = i + 2
        else:
            code, self.i = parse_escape(src, i)
            self._emit_atom(char(code))
