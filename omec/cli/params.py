"""Checks of the option values a run trusts, as click callbacks: a bad value is a usage error (exit 2).

* ``-n/--namespace``: the namespace given to every object without one, so a DNS-1123 label like any namespace
  (apimachinery's ``ValidateNamespaceName``).
* ``--ignore CODE``: a code omec has (did you mean ...?), and not an error: errors cannot be ignored.
"""
from __future__ import annotations

import click

from omec.diagnostics import Severity, close_matches
from omec.golang.validation import dns1123_label


def namespace(_ctx: click.Context | None, _param: click.Parameter | None, value: str) -> str:
    errors = dns1123_label(value)
    if errors:
        raise click.BadParameter(f"{value!r} is not a valid namespace: {'; '.join(errors)}")
    return value


def ignored_codes(_ctx: click.Context | None, _param: click.Parameter | None, values: tuple[str, ...]
                  ) -> tuple[str, ...]:
    from omec.codes import all_codes  # every stage registers its codes on import

    codes = {code.id: code for code in all_codes()}
    by_name = {code.name: code.id for code in codes.values()}
    checked = []
    for value in values:
        wanted = value.strip().upper()
        code = codes.get(wanted)
        if code is None:
            close = list(dict.fromkeys(
                [by_name[value.strip().lower()]] if value.strip().lower() in by_name else
                close_matches(wanted, codes) + [by_name[n] for n in close_matches(value.strip().lower(), by_name)]
            ))
            hint = f"did you mean {' or '.join(close)}?" if close else "`omec codes` lists every code"
            raise click.BadParameter(f"unknown diagnostic code {value!r}; {hint}")
        if code.severity >= Severity.ERROR:
            raise click.BadParameter(f"{code.id} ({code.name}) is an error: errors cannot be ignored, only warnings "
                                     "and infos")
        checked.append(code.id)
    return tuple(checked)
