"""Go's ``url.Parse`` (https://pkg.go.dev/net/url), as far as OME's checks look at its result: the error, the
scheme and the host.

OME's admission webhook validates a KEDA Prometheus server address with ``url.Parse`` and then requires the
scheme ``http``/``https`` and a non-empty host (``validateKEDAPrometheusServerAddress``). Go's parser is
lenient in surprising places (``HTTP://h`` has scheme ``http``; ``http://:9090`` has host ``:9090``; ``h:1:2``
is a host for http URLs under Go 1.25's defaults) and strict in others (``%zz`` anywhere, a space in the host,
any ASCII control character). This follows ``net/url/url.go`` and, for bracketed hosts, ``netip.ParseAddr``,
byte by byte, with Go's error texts; errors are :class:`URLError` whose message is ``url.Error.Error()``
(``parse "http://h%zz": invalid URL escape "%zz"``).

Behaviour is Go 1.26's with the ``GODEBUG`` defaults of a ``go 1.25`` module (OME's ``go.mod``): the
``urlstrictcolons`` check of Go 1.26 is off, so the last colon of a host starts its port.
"""
from __future__ import annotations

from typing import NamedTuple

from omec.golang.strconv import quote

__all__ = ["URL", "URLError", "parse"]

# unescape modes: only hosts and zones restrict bytes; elsewhere only the %XX syntax is checked
_HOST, _ZONE, _OTHER = "host", "zone", "other"
_HOST_OK = frozenset(b"!$&'()*+,;=:[]<>\"-_.~")


class URLError(ValueError):
    """A ``*url.Error``: ``parse <quoted url>: <reason>``."""


class URL(NamedTuple):
    scheme: str
    host: str


class _Invalid(Exception):
    """A reason ``parse`` fails with (the inner error of ``url.Error``)."""


def parse(raw: str) -> URL:
    """``url.Parse(raw)``: the lower-cased scheme and the unescaped host, or :class:`URLError`."""
    data = raw.encode("utf-8", "surrogatepass")
    head, sep, frag = data.partition(b"#")
    try:
        url = _parse(head)
    except _Invalid as err:
        raise URLError(f"parse {_quote_bytes(head)}: {err}") from None
    if sep and frag:
        try:
            _unescape(frag, _OTHER)
        except _Invalid as err:
            raise URLError(f"parse {_quote_bytes(data)}: {err}") from None
    return url


def _parse(raw: bytes) -> URL:
    if any(b < 0x20 or b == 0x7F for b in raw):
        raise _Invalid("net/url: invalid control character in URL")
    if raw == b"*":
        return URL("", "")
    scheme, rest = _get_scheme(raw)
    scheme = scheme.lower()
    rest = rest.partition(b"?")[0]  # the query (a lone trailing "?" is ForceQuery, the same cut)
    if not rest.startswith(b"/"):
        if scheme:
            return URL(scheme.decode(), "")  # an opaque URL: scheme:opaque
        if b":" in rest.partition(b"/")[0]:
            raise _Invalid("first path segment in URL cannot contain colon")
    host = b""
    if (scheme or not rest.startswith(b"///")) and rest.startswith(b"//"):
        authority, slash, path = rest[2:].partition(b"/")
        rest = slash + path
        host = _parse_authority(scheme, authority)
    _unescape(rest, _OTHER)
    return URL(scheme.decode(), host.decode("utf-8", "replace"))


def _get_scheme(raw: bytes) -> tuple[bytes, bytes]:
    """``[a-zA-Z][a-zA-Z0-9+.-]*:`` splits off; a leading ``:`` is "missing protocol scheme"."""
    for i, c in enumerate(raw):
        if 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A:
            continue
        if 0x30 <= c <= 0x39 or c in b"+-.":
            if i == 0:
                return b"", raw
            continue
        if c == 0x3A:
            if i == 0:
                raise _Invalid("missing protocol scheme")
            return raw[:i], raw[i + 1 :]
        return b"", raw
    return b"", raw


def _parse_authority(scheme: bytes, authority: bytes) -> bytes:
    at = authority.rfind(b"@")
    host = _parse_host(scheme, authority[at + 1 :] if at >= 0 else authority)
    if at < 0:
        return host
    userinfo = authority[:at]
    if not all(_valid_userinfo_byte(c) for c in userinfo.decode("utf-8", "surrogateescape")):
        raise _Invalid("net/url: invalid userinfo")
    for part in userinfo.split(b":", 1):
        _unescape(part, _OTHER)
    return host


def _valid_userinfo_byte(r: str) -> bool:
    return r.isascii() and (r.isalnum() or r in "-._:~!$&'()*+,;=%@")


def _parse_host(scheme: bytes, host: bytes) -> bytes:
    bracket = host.rfind(b"[")
    if bracket > 0:
        raise _Invalid("invalid IP-literal")
    if bracket == 0:
        close = host.rfind(b"]")
        if close < 0:
            raise _Invalid("missing ']' in host")
        colon_port = host[close + 1 :]
        if not _valid_optional_port(colon_port):
            raise _Invalid(f"invalid port {_quote_bytes(colon_port)} after host")
        port = _unescape(colon_port, _HOST)
        name = host[1:close]
        zone = name.find(b"%25")
        if zone >= 0:
            unescaped = _unescape(name[:zone], _HOST) + _unescape(name[zone:], _ZONE)
        else:
            unescaped = _unescape(name, _HOST)
        if _parse_addr(unescaped) == 4:
            raise _Invalid("invalid IP-literal")
        return b"[" + unescaped + b"]" + port
    colon = host.rfind(b":")
    if colon >= 0 and not _valid_optional_port(host[colon:]):
        raise _Invalid(f"invalid port {_quote_bytes(host[colon:])} after host")
    return _unescape(host, _HOST)


def _valid_optional_port(port: bytes) -> bool:
    return port == b"" or (port[:1] == b":" and all(0x30 <= b <= 0x39 for b in port[1:]))


def _host_byte_ok(c: int) -> bool:
    """Go's ``!shouldEscape(c, encodeHost)`` (the same for zones): unreserved bytes, sub-delims, ``:[]<>"``."""
    return 0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A or c in _HOST_OK


def _unescape(s: bytes, mode: str) -> bytes:
    """Go's ``unescape``: every ``%`` needs two hex digits; hosts may only escape non-ASCII bytes (and ``%25``);
    zones may escape what a host could contain; a host byte that would need escaping is invalid."""
    hexdigits = b"0123456789abcdefABCDEF"
    i, out = 0, bytearray()
    while i < len(s):
        c = s[i]
        if c == 0x25:
            if i + 2 >= len(s) or s[i + 1] not in hexdigits or s[i + 2] not in hexdigits:
                raise _Invalid(f"invalid URL escape {_quote_bytes(s[i : i + 3])}")
            escape = s[i : i + 3]
            value = int(escape[1:], 16)
            if mode == _HOST and value < 0x80 and escape != b"%25":
                raise _Invalid(f"invalid URL escape {_quote_bytes(escape)}")
            if mode == _ZONE and escape != b"%25" and value != 0x20 and not _host_byte_ok(value):
                raise _Invalid(f"invalid URL escape {_quote_bytes(escape)}")
            out.append(value)
            i += 3
            continue
        if mode in (_HOST, _ZONE) and c < 0x80 and not _host_byte_ok(c):
            raise _Invalid(f"invalid character {_quote_bytes(s[i : i + 1])} in host name")
        out.append(c)
        i += 1
    return bytes(out)


def _parse_addr(addr: bytes) -> int:
    """``netip.ParseAddr`` of a bracketed host: 4 or 6, or Go's ParseAddr error."""
    text = addr.decode("utf-8", "surrogateescape")
    for ch in text:
        if ch == ".":
            _parse_ipv4(text, text)
            return 4
        if ch == ":":
            _parse_ipv6(text)
            return 6
        if ch == "%":
            raise _addr_error(text, "missing IPv6 address")
    raise _addr_error(text, "unable to parse IP")


def _addr_error(text: str, msg: str, at: str = "") -> _Invalid:
    where = f" (at {_quote_str(at)})" if at else ""
    return _Invalid(f"invalid host: ParseAddr({_quote_str(text)}): {msg}{where}")


def _parse_ipv4(whole: str, s: str) -> None:
    """``parseIPv4Fields`` of ``s``; errors name ``whole``, the string given to ParseAddr."""
    value, pos, digits = 0, 0, 0
    for i, ch in enumerate(s):
        if "0" <= ch <= "9":
            if digits == 1 and value == 0:
                raise _addr_error(whole, "IPv4 field has octet with leading zero")
            value, digits = value * 10 + ord(ch) - 48, digits + 1
            if value > 255:
                raise _addr_error(whole, "IPv4 field has value >255")
        elif ch == ".":
            if i == 0 or i == len(s) - 1 or s[i - 1] == ".":
                raise _addr_error(whole, "IPv4 field must have at least one digit", s[i:])
            if pos == 3:
                raise _addr_error(whole, "IPv4 address too long")
            pos, value, digits = pos + 1, 0, 0
        else:
            raise _addr_error(whole, "unexpected character", s[i:])
    if pos < 3:
        raise _addr_error(whole, "IPv4 address too short")


def _parse_ipv6(whole: str) -> None:
    """``parseIPv6``: hex groups, one ``::``, an optional trailing IPv4, an optional non-empty ``%zone``."""
    s, zone_sep, zone = whole.partition("%")
    if zone_sep and not zone:
        raise _addr_error(whole, "zone must be a non-empty string")
    groups, ellipsis = 0, -1
    if s.startswith("::"):
        ellipsis, s = 0, s[2:]
        if not s:
            return
    while groups < 16:
        off = 0
        while off < len(s) and s[off] in "0123456789abcdefABCDEF":
            if off > 3:
                raise _addr_error(whole, "each group must have 4 or less digits", s)
            off += 1
        if off == 0:
            raise _addr_error(whole, "each colon-separated field must have at least one digit", s)
        if off < len(s) and s[off] == ".":
            if ellipsis < 0 and groups != 12:
                raise _addr_error(whole, "embedded IPv4 address must replace the final 2 fields of the address", s)
            if groups + 4 > 16:
                raise _addr_error(
                    whole, "too many hex fields to fit an embedded IPv4 at the end of the address", s)
            _parse_ipv4(whole, s)
            s, groups = "", groups + 4
            break
        groups, s = groups + 2, s[off:]
        if not s:
            break
        if s[0] != ":":
            raise _addr_error(whole, "unexpected character, want colon", s)
        if len(s) == 1:
            raise _addr_error(whole, "colon must be followed by more characters", s)
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                raise _addr_error(whole, "multiple :: in address", s)
            ellipsis, s = groups, s[1:]
            if not s:
                break
    if s:
        raise _addr_error(whole, "trailing garbage after address", s)
    if groups < 16 and ellipsis < 0:
        raise _addr_error(whole, "address string too short")
    if groups >= 16 and ellipsis >= 0:
        raise _addr_error(whole, "the :: must expand to at least one field of zeros")


def _quote_str(text: str) -> str:
    return _quote_bytes(text.encode("utf-8", "surrogateescape"))


def _quote_bytes(data: bytes) -> str:
    """``strconv.Quote`` of Go bytes: valid UTF-8 as runes, each invalid byte as ``\\xHH``."""
    out = []
    for ch in data.decode("utf-8", "surrogateescape"):
        out.append(f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else quote(ch)[1:-1])
    return '"' + "".join(out) + '"'
