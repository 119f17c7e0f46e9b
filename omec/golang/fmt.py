"""Go's ``fmt.Sprintf(format, s)`` with a single string argument (https://pkg.go.dev/fmt), as OME formats a KEDA
``customPromQuery`` with the component name (``fmt.Sprintf(kedaConfig.CustomPromQuery, metadata.Name)``).

``doPrintf`` followed for one string: flags ``#0+- ``, an argument index ``[n]``, width and precision (``*`` reads
the string as a number: ``BADWIDTH``/``BADPREC``), the verbs ``v s q x X T`` (``%q`` and ``%#v`` with Go's
quoting, ``%#q`` backquotes, ``% x`` spaces the bytes), every other verb ``%!d(string=...)``, and Go's markers
``%!s(MISSING)``, ``%!(NOVERB)``, ``%!s(BADINDEX)`` and ``%!(EXTRA string=...)``. An index, width or precision
is only read where Go first looks for it (``%[1]*.[1]s``-style combinations are not).
"""
from __future__ import annotations

from omec.golang.strconv import quote

__all__ = ["sprintf_string"]


def sprintf_string(format: str, arg: str) -> str:
    out: list[str] = []
    i, n, arg_num, reordered = 0, len(format), 0, False
    while i < n:
        j = format.find("%", i)
        if j < 0:
            out.append(format[i:])
            break
        out.append(format[i:j])
        i = j + 1
        flags = set()
        while i < n and format[i] in "#0+- ":
            flags.add(format[i])
            i += 1
        good_index = True
        if i < n and format[i] == "[":  # argNumber: only [1] names the one argument
            reordered = True
            close = format.find("]", i + 1) if n - i >= 3 else -1
            digits = format[i + 1 : close] if close > i else ""
            good_index = digits.isascii() and digits.isdigit() and int(digits) == 1
            arg_num = 0 if good_index else arg_num
            i = close + 1 if close > i else i + 1
        width = precision = None
        if i < n and format[i] == "*":
            i += 1
            out.append("%!(BADWIDTH)")
            arg_num += 1
        else:
            width, i = _number(format, i)
        if i < n and format[i] == ".":
            i += 1
            if i < n and format[i] == "*":
                i += 1
                out.append("%!(BADPREC)")
                arg_num += 1
            else:
                precision, i = _number(format, i)
                precision = precision or 0
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = format[i]
        i += 1
        if verb == "%":
            out.append("%")
        elif not good_index:
            out.append(f"%!{verb}(BADINDEX)")
        elif arg_num >= 1:
            out.append(f"%!{verb}(MISSING)")
        else:
            out.append(_format(arg, verb, flags, width, precision))
            arg_num += 1
    if not reordered and arg_num < 1:
        out.append(f"%!(EXTRA string={arg})")
    return "".join(out)


def _number(format: str, i: int) -> tuple[int | None, int]:
    start = i
    while i < len(format) and "0" <= format[i] <= "9":
        i += 1
    return (int(format[start:i]) if i > start else None), i


def _format(arg: str, verb: str, flags: set, width: int | None, precision: int | None) -> str:
    if verb == "T":
        text = "string"
    elif verb in "vs" and not (verb == "v" and "#" in flags):
        text = arg if precision is None else arg[:precision]
    elif verb == "v":  # %#v: Go syntax, a quoted string
        text = quote(arg)
    elif verb == "q":
        text = arg if precision is None else arg[:precision]
        backquote = "#" in flags and "`" not in text and all(c == "\t" or c.isprintable() for c in text)
        text = f"`{text}`" if backquote else quote(text) if "+" not in flags else _ascii_quote(text)
    elif verb in "xX":
        data = arg.encode("utf-8", "surrogatepass")
        data = data if precision is None else data[:precision]
        digits = "0123456789abcdef" if verb == "x" else "0123456789ABCDEF"
        prefix = ("0x" if verb == "x" else "0X") if "#" in flags else ""
        parts = [digits[b >> 4] + digits[b & 15] for b in data]
        text = " ".join(prefix + p for p in parts) if " " in flags else prefix + "".join(parts) if parts else ""
    else:
        return f"%!{verb}(string={arg})"
    if width is not None and width > len(text):
        pad = (width - len(text)) * ("0" if "0" in flags and "-" not in flags else " ")
        text = text + pad if "-" in flags else pad + text
    return text


def _ascii_quote(text: str) -> str:
    """``strconv.QuoteToASCII``: non-ASCII runes as ``\\u``/``\\U`` escapes."""
    quoted = quote(text)
    return "".join(c if c.isascii() else (f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
                   for c in quoted)
