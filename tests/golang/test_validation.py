"""The API server's name and label rules (omec.golang.validation) against apimachinery's own test cases
(https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/util/validation/validation_test.go: TestIsDNS1123Label,
TestIsDNS1123Subdomain, TestIsDNS1035Label, TestIsQualifiedName, TestIsValidLabelValue; path/name_test.go), plus the
whole-text matches Go's ``$`` makes (a trailing newline is not allowed) and apimachinery's message texts."""
from __future__ import annotations

import pytest

from omec.golang.validation import (
    dns1035_label,
    dns1123_label,
    dns1123_subdomain,
    label_value,
    path_segment_name,
    qualified_name,
)

LABEL_GOOD = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a" * 63]
LABEL_BAD = ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1",
             "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "a" * 64]
SUBDOMAIN_GOOD = [
    "a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a.a", "ab.a", "abc.a",
    "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a",
    "1a.a", "1-a.a", "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee",
    "1.2.3.4.5", "11.22.33.44.55", "a" * 253,
]
SUBDOMAIN_BAD = [
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
    ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "A.a", "aB.a", "ab.A",
    "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A", "1A.a", "1a.A", "A.B.C.D.E",
    "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b", "a_b", "a;b", "a:b", "a%b", "a?b", "a$b", "a" * 254,
]
DNS1035_GOOD = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "a" * 63]
DNS1035_BAD = ["0", "01", "012", "1a", "1-a", "1--a--b--2", *LABEL_BAD]
QUALIFIED_GOOD = [
    "simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple",
    "now-with-dashes/now-with-dashes", "now.with.dots/simple", "now-with.dashes-and.dots/simple", "1-num.2-num/3-num",
    "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
    "a" * 63, "a" * 253 + "/" + "b" * 63,
]
QUALIFIED_BAD = ["nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc",
                 "example_com/abc", "example.com/", "/simple", "a" * 64, "a" * 254 + "/abc"]
VALUE_GOOD = ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "a" * 63, ""]
VALUE_BAD = ["nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad", "-starts-with-dash",
             "ends-with-dash-", ".starts.with.dot", "ends.with.dot.", "a" * 64]
# Go's "^...$" is anchored at the end of the text; Python's "$" would accept a final newline.
NEWLINE = ["llama\n", "a\n"]


@pytest.mark.parametrize("rule, good, bad", [
    (dns1123_label, LABEL_GOOD, LABEL_BAD + NEWLINE),
    (dns1123_subdomain, SUBDOMAIN_GOOD, SUBDOMAIN_BAD + NEWLINE),
    (dns1035_label, DNS1035_GOOD, DNS1035_BAD + NEWLINE),
    (qualified_name, QUALIFIED_GOOD, QUALIFIED_BAD + NEWLINE),
    (label_value, VALUE_GOOD, VALUE_BAD + NEWLINE),
], ids=["dns1123-label", "dns1123-subdomain", "dns1035-label", "qualified-name", "label-value"])
def test_apimachinery_cases(rule, good, bad):
    assert [value for value in good if rule(value)] == []
    assert [value for value in bad if not rule(value)] == []


def test_messages_are_apimachinerys():
    assert dns1123_label("a.b") == ("must not contain dots",)
    assert dns1123_label("A") == (
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
        "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",)
    assert dns1123_subdomain("a" * 254)[0] == "must be no more than 253 characters"
    assert dns1035_label("1a") == (
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation "
        "is '[a-z]([-a-z0-9]*[a-z0-9])?')",)
    assert qualified_name("/simple") == ("prefix part must be non-empty",)
    assert qualified_name("example.com/")[0] == "name part must be non-empty"
    assert label_value("a" * 64)[0] == "must be no more than 63 characters"


def test_lengths_count_bytes_as_go_does():
    assert dns1123_label("a" * 62 + "é")[0] == "must be no more than 63 characters"  # 64 bytes, 63 characters


@pytest.mark.parametrize("name, errors", [
    ("role", ()), ("a.b", ()), ("Upper_Case", ()), (".", ("may not be '.'",)), ("..", ("may not be '..'",)),
    ("a/b", ("may not contain '/'",)), ("a%b/c", ("may not contain '/'", "may not contain '%'")),
])
def test_path_segment_names(name, errors):
    # https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/api/validation/path/name.go (IsValidPathSegmentName)
    assert path_segment_name(name) == errors


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("foo-engine", True), ("a", True), ("0abc", True), ("x" * 63, True), ("x" * 64, False), ("-foo", False),
        ("foo-", False), ("Foo", False), ("foo.bar", False), ("", False),
        ("nvidia-nemotron-3-nano-30b-a3b-base-bf16-experimental-deploy-engine", False),  # a 67-char LWS `app` label
    ],
)
def test_generated_names_as_dns1123_labels(text, ok):
    assert (not dns1123_label(text)) is ok
