"""Go's ``fmt.Sprintf(format, s)`` with one string argument (omec.golang.fmt), as OME formats a KEDA
customPromQuery (reconcilers/keda/keda_reconciler.go getPrometheusQuery).

Every expected value was printed by Go 1.26.8's ``fmt.Sprintf(format, "my-model")`` from a throwaway program fed
these formats, copied here unchanged.
"""
from __future__ import annotations

import pytest

from omec.golang.fmt import sprintf_string

# (format, fmt.Sprintf(format, "my-model"))
SPRINTF = [
    ('sum(rate(requests{svc="%s"}[1m]))', 'sum(rate(requests{svc="my-model"}[1m]))'),
    ('%s and %s', 'my-model and %!s(MISSING)'),
    ('up', 'up%!(EXTRA string=my-model)'),
    ('100%% of %s', '100% of my-model'),
    ('%d', '%!d(string=my-model)'),
    ('%s %v', 'my-model %!v(MISSING)'),
    ('%v', 'my-model'),
    ('%q', '"my-model"'),
    ('%x', '6d792d6d6f64656c'),
    ('%X', '6D792D6D6F64656C'),
    ('%t', '%!t(string=my-model)'),
    ('a%', 'a%!(NOVERB)%!(EXTRA string=my-model)'),
    ('%s%', 'my-model%!(NOVERB)'),
    ('%10s', '  my-model'),
    ('%-10s|', 'my-model  |'),
    ('%.2s', 'my'),
    ('%05s', 'my-model'),
    ('%012s', '0000my-model'),
    ('%-012s|', 'my-model    |'),
    ('%+q', '"my-model"'),
    ('%#q', '`my-model`'),
    ('%#x', '0x6d792d6d6f64656c'),
    ('% x', '6d 79 2d 6d 6f 64 65 6c'),
    ('% #x', '0x6d 0x79 0x2d 0x6d 0x6f 0x64 0x65 0x6c'),
    ('%!', '%!!(string=my-model)'),
    ('%é', '%!é(string=my-model)'),
    ('%[1]s %[1]s', 'my-model my-model'),
    ('%[2]s', '%!s(BADINDEX)'),
    ('%*s', '%!(BADWIDTH)%!s(MISSING)'),
    ('%.*s', '%!(BADPREC)%!s(MISSING)'),
    ('%s %d %%', 'my-model %!d(MISSING) %'),
    ('%c', '%!c(string=my-model)'),
    ('%U', '%!U(string=my-model)'),
    ('%e', '%!e(string=my-model)'),
    ('%[1]', '%!(NOVERB)'),
    ('%[x]s', '%!s(BADINDEX)'),
    ('%[1s', '%!s(BADINDEX)'),
    ('%.s', ''),
    ('%10.3q', '     "my-"'),
    ('%012q', '00"my-model"'),
    ('%#10q', '`my-model`'),
    ('%x %x', '6d792d6d6f64656c %!x(MISSING)'),
    ('%%', '%%!(EXTRA string=my-model)'),
    ('%', '%!(NOVERB)%!(EXTRA string=my-model)'),
    ('%[0]s', '%!s(BADINDEX)'),
    ('%[01]s', 'my-model'),
    ('%-5%', '%%!(EXTRA string=my-model)'),
    ('%5%', '%%!(EXTRA string=my-model)'),
    ('%+s', 'my-model'),
    ('%#v', '"my-model"'),
    ('%+v', 'my-model'),
    ('%T', 'string'),
    ('%p', '%!p(string=my-model)'),
    ('%q%q', '"my-model"%!q(MISSING)'),
    ('up{job=~"a.*%"}', 'up{job=~"a.*%!"(string=my-model)}'),
]


@pytest.mark.parametrize("format, expected", SPRINTF, ids=[repr(f) for f, _ in SPRINTF])
def test_sprintf_as_go(format, expected):
    assert sprintf_string(format, "my-model") == expected
