"""Kubernetes' resource.ParseQuantity and Quantity.String (omec.golang.quantity.canonical_quantity) against Go.

Every expected value and error text in the table below was printed by k8s.io/apimachinery v0.33.0's
``resource.ParseQuantity`` (``String()`` and ``AsDec().String()`` of the result; documented at
https://pkg.go.dev/k8s.io/apimachinery/pkg/api/resource), built with Go 1.26.8, from a throwaway program fed these
inputs, and copied here unchanged. The same program showed ``json.Unmarshal`` of the JSON number ``1`` giving
``"1"`` and of the string ``" 1Gi "`` giving ``"1Gi"`` (UnmarshalJSON trims spaces before parsing).
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from omec.golang.quantity import canonical_quantity, kubernetes_quantity, parse_quantity

# (input, Quantity.String(), Quantity.AsDec().String(), ParseQuantity's error)
CANONICAL = [
    ("0", "0", "0", None),
    ("1", "1", "1", None),
    ("1000m", "1", "1.000", None),
    ("1.5Gi", "1536Mi", "1610612736.000000000", None),
    ("0.5", "500m", "0.5", None),
    ("1e3", "1e3", "1000", None),
    ("1k", "1k", "1000", None),
    ("100M", "100M", "100000000", None),
    ("1Gi", "1Gi", "1073741824", None),
    ("1000", "1k", "1000", None),
    ("1000000", "1M", "1000000", None),
    ("1500", "1500", "1500", None),
    ("1.5k", "1500", "1500", None),
    ("1.5", "1500m", "1.5", None),
    ("1500m", "1500m", "1.500", None),
    ("0.1", "100m", "0.1", None),
    ("100m", "100m", "0.100", None),
    ("1m", "1m", "0.001", None),
    ("0.001", "1m", "0.001", None),
    ("0.0001", "100u", "0.0001", None),
    ("1u", "1u", "0.000001", None),
    ("1n", "1n", "0.000000001", None),
    ("0.1n", "1n", "0.000000001", None),
    ("1.5n", "2n", "0.000000002", None),
    ("-1.5n", "-2n", "-0.000000002", None),
    ("1.0n", "1n", "0.000000001", None),
    ("0.0000000001", "1n", "0.000000001", None),
    ("-0.0000000001", "-1n", "-0.000000001", None),
    ("+1", "+1", "1", None),
    ("-1", "-1", "-1", None),
    ("+100M", "+100M", "100000000", None),
    ("0100M", "0100M", "100000000", None),
    ("00100", "00100", "100", None),
    ("01Gi", "01Gi", "1073741824", None),
    ("+1Gi", "+1Gi", "1073741824", None),
    ("-1Gi", "-1Gi", "-1073741824", None),
    ("1024Mi", "1Gi", "1073741824", None),
    ("1025Mi", "1025Mi", "1074790400", None),
    ("8Gi", "8Gi", "8589934592", None),
    ("1Ki", "1Ki", "1024", None),
    ("1023", "1023", "1023", None),
    ("1024", "1024", "1024", None),
    ("1536", "1536", "1536", None),
    ("1.5Ki", "1536", "1536.000000000", None),
    ("0.5Ki", "512", "512.000000000", None),
    ("-0.5Ki", "-512", "-512.000000000", None),
    ("0.5Gi", "512Mi", "536870912.000000000", None),
    ("1.5Mi", "1536Ki", "1572864.000000000", None),
    ("1.0001Ki", "1024102400u", "1024.102400000", None),
    ("0.0000000001Ki", "103n", "0.000000103", None),
    ("0.001Ki", "1024m", "1.024000000", None),
    ("1.5Ti", "1536Gi", "1649267441664.000000000", None),
    ("1Pi", "1Pi", "1125899906842624.000000000", None),
    ("1Ei", "1Ei", "1152921504606846976.000000000", None),
    ("8Ei", "9223372036854775807", "9223372036854775807", None),
    ("7.999Ei", "9222219115350168961024m", "9222219115350168961.024000000", None),
    ("-8Ei", "-9223372036854775807", "-9223372036854775807", None),
    ("1E", "1E", "1000000000000000000", None),
    ("1000E", "1", "1000000000000000000000", None),
    ("1000000E", "1", "1000000000000000000000000", None),
    ("1P", "1P", "1000000000000000", None),
    ("1T", "1T", "1000000000000", None),
    ("1G", "1G", "1000000000", None),
    ("1M", "1M", "1000000", None),
    ("12E-1", "1200e-3", "1.2", None),
    ("1.5e+2", "150", "150", None),
    ("1e2", "100", "100", None),
    ("1e-3", "1e-3", "0.001", None),
    ("1e-2", "10e-3", "0.01", None),
    ("1E3", "1E3", "1000", None),
    ("1e+3", "1e+3", "1000", None),
    ("10e3", "10e3", "10000", None),
    ("1e0", "1e0", "1", None),
    ("1e-9", "1e-9", "0.000000001", None),
    ("1e-10", "1e-9", "0.000000001", None),
    ("1e21", "1e21", "1000000000000000000000", None),
    ("1.5e3", "1500", "1500", None),
    ("2.5e-1", "250e-3", "0.25", None),
    ("0e3", "0", "0", None),
    ("0.0", "0", "0.0", None),
    ("-0", "0", "0", None),
    ("000", "0", "0", None),
    ("-", "0", "0", None),
    ("+", "0", "0", None),
    (".", "0", "0", None),
    ("-.", "0", "0", None),
    ("1.", "1.", "1", None),
    (".5", "500m", "0.5", None),
    ("2.", "2.", "2", None),
    ("1.G", "1.G", "1000000000", None),
    ("-m", "0", "0.000", None),
    ("m", "0", "0.000", None),
    ("Gi", "0", "0", None),
    ("e3", "0", "0", None),
    ("1.5.5", None, None,
     "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    (" ", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    (" 1", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("1 ", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("1K", None, None, "unable to parse quantity's suffix"),
    ("1Kib", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("1e", None, None, "unable to parse quantity's suffix"),
    ("1ee3", None, None, "unable to parse quantity's suffix"),
    ("1e3.5", None, None,
     "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("1Mi3", None, None, "unable to parse quantity's suffix"),
    ("1m-3", None, None, "unable to parse quantity's suffix"),
    ("1i", None, None, "unable to parse quantity's suffix"),
    ("abc", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("１", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("1,5", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("0x10", None, None, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("1_000", None, None,
     "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("123456789012345678", "123456789012345678", "123456789012345678", None),
    ("1234567890123456789", "1234567890123456789", "1234567890123456789.000000000", None),
    ("12345678901234567890", "12345678901234567890", "12345678901234567890.000000000", None),
    ("9223372036854775807", "9223372036854775807", "9223372036854775807.000000000", None),
    ("9223372036854775808", "9223372036854775808", "9223372036854775808.000000000", None),
    ("99999999999999999999Ki", "9223372036854775807", "9223372036854775807", None),
    ("1234567.891234567891", "1234567891234568n", "1234567.891234568", None),
    ("0.123456789012", "123456790n", "0.123456790", None),
    ("100Ki", "100Ki", "102400", None),
    ("1048576Ki", "1Gi", "1073741824", None),
    ("1073741824", "1073741824", "1073741824", None),
    ("1073741825", "1073741825", "1073741825", None),
    ("1e-18", "1e-9", "0.000000001", None),
    ("1.5e-12", "1e-9", "0.000000001", None),
    ("1e18", "1e18", "1000000000000000000", None),
    ("1e19", "10e18", "10000000000000000000", None),
    ("1e-9999", "1e-9", "0.000000001", None),
    (".e-10", None, None, "unable to parse numeric part of quantity"),
    ("1e-", None, None, "unable to parse quantity's suffix"),
    ("1e+", None, None, "unable to parse quantity's suffix"),
    ("5E", "5E", "5000000000000000000", None),
    ("12Mi", "12Mi", "12582912", None),
    ("0.25Ki", "256", "256.000000000", None),
    ("256", "256", "256", None),
    ("2048", "2048", "2048", None),
    ("3Gi", "3Gi", "3221225472", None),
    ("4096Mi", "4Gi", "4294967296", None),
    ("200e-3", "200e-3", "0.200", None),
    ("123e4", "1230e3", "1230000", None),
    ("1e99", "1e99",
     "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", None),
    ("1e4294967299", "1e4294967299", "1000", None),
]


@pytest.mark.parametrize(("text", "canonical", "exact", "error"), CANONICAL)
def test_canonical_quantity(text, canonical, exact, error):
    if error is None:
        assert canonical_quantity(text) == canonical
        assert kubernetes_quantity(text) == Fraction(Decimal(exact))
        return
    with pytest.raises(ValueError) as info:
        canonical_quantity(text)
    assert str(info.value) == error


def test_integers_as_json_numbers():
    assert canonical_quantity(1) == "1"
    assert canonical_quantity(" 1Gi ".strip()) == "1Gi"


@pytest.mark.parametrize("value", [True, None, 1.5])
def test_non_quantities(value):
    with pytest.raises(ValueError):
        canonical_quantity(value)


@pytest.mark.parametrize("text", ["1000m", "1.5Gi", "0.5", "1e3", "30Gi", "100M"])
def test_parse_quantity_unchanged(text):
    """The exact parse used elsewhere in omec agrees with Kubernetes' value on ordinary quantities."""
    assert parse_quantity(text) == kubernetes_quantity(text)
