"""Go's time.ParseDuration and Duration.String (omec.golang.duration) against Go itself.

Every expected value and error text in the tables below was printed by Go 1.26.8's standard library
(``time.ParseDuration`` and ``time.Duration.String``; documented at https://pkg.go.dev/time#ParseDuration) from a
throwaway program fed these inputs, and copied here unchanged. Parse rows hold Go's int64 result (0 with an
error).
"""
from __future__ import annotations

import pytest

from omec.golang.duration import DurationError, format_duration, parse_duration

# (input, nanoseconds, error)
PARSE_DURATION = [
    ("0", 0, None),
    ("+0", 0, None),
    ("-0", 0, None),
    ("00", 0, "time: missing unit in duration \"00\""),
    ("0s", 0, None),
    ("1s", 1000000000, None),
    ("-1s", -1000000000, None),
    ("+1s", 1000000000, None),
    ("1ns", 1, None),
    ("1us", 1000, None),
    ("1µs", 1000, None),
    ("1μs", 1000, None),
    ("1ms", 1000000, None),
    ("1m", 60000000000, None),
    ("1h", 3600000000000, None),
    ("1.5s", 1500000000, None),
    ("1.5h", 5400000000000, None),
    ("-1.5h", -5400000000000, None),
    (".5s", 500000000, None),
    ("5.s", 5000000000, None),
    ("1.s", 1000000000, None),
    (".s", 0, "time: invalid duration \".s\""),
    ("-.s", 0, "time: invalid duration \"-.s\""),
    (".", 0, "time: invalid duration \".\""),
    ("1", 0, "time: missing unit in duration \"1\""),
    ("1.5", 0, "time: missing unit in duration \"1.5\""),
    ("", 0, "time: invalid duration \"\""),
    ("+", 0, "time: invalid duration \"+\""),
    ("-", 0, "time: invalid duration \"-\""),
    (" 1s", 0, "time: invalid duration \" 1s\""),
    ("1s ", 0, "time: unknown unit \"s \" in duration \"1s \""),
    ("1 s", 0, "time: unknown unit \" s\" in duration \"1 s\""),
    ("1h 30m", 0, "time: unknown unit \"h \" in duration \"1h 30m\""),
    ("2h45m", 9900000000000, None),
    ("1h30m10.5s", 5410500000000, None),
    ("1d", 0, "time: unknown unit \"d\" in duration \"1d\""),
    ("1w", 0, "time: unknown unit \"w\" in duration \"1w\""),
    ("1y", 0, "time: unknown unit \"y\" in duration \"1y\""),
    ("1S", 0, "time: unknown unit \"S\" in duration \"1S\""),
    ("1H", 0, "time: unknown unit \"H\" in duration \"1H\""),
    ("1Ms", 0, "time: unknown unit \"Ms\" in duration \"1Ms\""),
    ("1sec", 0, "time: unknown unit \"sec\" in duration \"1sec\""),
    ("1mm", 0, "time: unknown unit \"mm\" in duration \"1mm\""),
    ("1µ", 0, "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\""),
    ("1u", 0, "time: unknown unit \"u\" in duration \"1u\""),
    ("1μ", 0, "time: unknown unit \"\\xce\\xbc\" in duration \"1\\xce\\xbc\""),
    ("ms", 0, "time: invalid duration \"ms\""),
    ("s1", 0, "time: invalid duration \"s1\""),
    ("1s2", 0, "time: missing unit in duration \"1s2\""),
    ("1s.", 0, "time: invalid duration \"1s.\""),
    ("1..5s", 0, "time: missing unit in duration \"1..5s\""),
    ("1.5.5s", 0, "time: missing unit in duration \"1.5.5s\""),
    ("0.1ns", 0, None),
    ("0.9ns", 0, None),
    ("1.9ns", 1, None),
    ("0.0000000001s", 0, None),
    ("0.000000001s", 1, None),
    ("0.0000000015s", 1, None),
    ("1.0000000001s", 1000000000, None),
    ("0.5m", 30000000000, None),
    ("0.1h", 360000000000, None),
    ("1.23456789h", 4444444404000, None),
    ("9223372036854775807ns", 9223372036854775807, None),
    ("9223372036854775808ns", 0, "time: invalid duration \"9223372036854775808ns\""),
    ("-9223372036854775808ns", -9223372036854775808, None),
    ("-9223372036854775809ns", 0, "time: invalid duration \"-9223372036854775809ns\""),
    ("9223372036s", 9223372036000000000, None),
    ("9223372037s", 0, "time: invalid duration \"9223372037s\""),
    ("2562047h", 9223369200000000000, None),
    ("2562048h", 0, "time: invalid duration \"2562048h\""),
    ("2562047h47m16.854775807s", 9223372036854775807, None),
    ("2562047h47m16.854775808s", 0, "time: invalid duration \"2562047h47m16.854775808s\""),
    ("-2562047h47m16.854775808s", -9223372036854775808, None),
    ("99999999999999999999ns", 0, "time: invalid duration \"99999999999999999999ns\""),
    ("18446744073709551616ns", 0, "time: invalid duration \"18446744073709551616ns\""),
    ("0.99999999999999999999999999999s", 1000000000, None),
    ("1.00000000000000000000000000001h", 3600000000000, None),
    ("3000000h", 0, "time: invalid duration \"3000000h\""),
    ("1e3s", 0, "time: unknown unit \"e\" in duration \"1e3s\""),
    ("1_000s", 0, "time: unknown unit \"_\" in duration \"1_000s\""),
    ("１s", 0, "time: invalid duration \"\\xef\\xbc\\x91s\""),
    ("٣s", 0, "time: invalid duration \"\\xd9\\xa3s\""),
    ("1s\n", 0, "time: unknown unit \"s\\x0a\" in duration \"1s\\x0a\""),
    ("\t1s", 0, "time: invalid duration \"\\x091s\""),
    ("1\u0000s", 0, "time: unknown unit \"\\x00s\" in duration \"1\\x00s\""),
    ("1\"s", 0, "time: unknown unit \"\\\"s\" in duration \"1\\\"s\""),
    ("+-1s", 0, "time: invalid duration \"+-1s\""),
    ("--1s", 0, "time: invalid duration \"--1s\""),
    ("1m-1s", 0, "time: unknown unit \"m-\" in duration \"1m-1s\""),
    ("1m+1s", 0, "time: unknown unit \"m+\" in duration \"1m+1s\""),
    ("0h0m0s", 0, None),
    ("9223372036854775807ns1ns", 0, "time: invalid duration \"9223372036854775807ns1ns\""),
    ("5124095576030431h0.000000001s", 0, "time: invalid duration \"5124095576030431h0.000000001s\""),
    ("1.5µs", 1500, None),
    ("1.5μs", 1500, None),
    ("100us", 100000, None),
]
# (nanoseconds, Duration.String())
FORMAT_DURATION = [
    (0, "0s"),
    (1, "1ns"),
    (-1, "-1ns"),
    (999, "999ns"),
    (1000, "1µs"),
    (1001, "1.001µs"),
    (1500, "1.5µs"),
    (999999, "999.999µs"),
    (1000000, "1ms"),
    (1500000, "1.5ms"),
    (1234567, "1.234567ms"),
    (999999999, "999.999999ms"),
    (1000000000, "1s"),
    (1500000000, "1.5s"),
    (-1500000000, "-1.5s"),
    (60000000000, "1m0s"),
    (61000000000, "1m1s"),
    (3600000000000, "1h0m0s"),
    (3601000000000, "1h0m1s"),
    (3660000000000, "1h1m0s"),
    (5400000000000, "1h30m0s"),
    (86400000000000, "24h0m0s"),
    (90061000000001, "25h1m1.000000001s"),
    (100000000, "100ms"),
    (1000000001, "1.000000001s"),
    (9223372036854775807, "2562047h47m16.854775807s"),
    (-9223372036854775808, "-2562047h47m16.854775808s"),
    (-9223372036854775807, "-2562047h47m16.854775807s"),
    (-1000, "-1µs"),
    (-1000000, "-1ms"),
    (59999999999, "59.999999999s"),
    (12345678901234, "3h25m45.678901234s"),
]


@pytest.mark.parametrize(("text", "nanoseconds", "error"), PARSE_DURATION)
def test_parse_duration(text, nanoseconds, error):
    if error is None:
        assert parse_duration(text) == nanoseconds
        return
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert str(info.value) == error


@pytest.mark.parametrize(("nanoseconds", "text"), FORMAT_DURATION)
def test_format_duration(nanoseconds, text):
    assert format_duration(nanoseconds) == text


@pytest.mark.parametrize(("nanoseconds", "text"), FORMAT_DURATION)
def test_formatted_durations_parse_back(nanoseconds, text):
    """Go's String output is always ParseDuration input (µs included)."""
    assert parse_duration(text) == nanoseconds


@pytest.mark.parametrize("nanoseconds", [2**63, -(2**63) - 1])
def test_format_duration_outside_int64(nanoseconds):
    with pytest.raises(OverflowError):
        format_duration(nanoseconds)
