"""Names typed on the command line (`new`, `draft`): checked before they go into a case file, so a blank, a control
character or bytes that are not UTF-8 are a usage error (exit 2) rather than a case that does not validate."""

from __future__ import annotations

from typing import Any

import click

from assess.errors import is_invisible_control


def problem(value: str) -> str | None:
    """What is wrong with `value` as a name, in words, or None."""
    if not value.strip():
        return "must not be blank: give a name, e.g. Norway"
    for char in value:
        if "\udc80" <= char <= "\udcff":
            # Python keeps a byte that is not UTF-8 as a lone surrogate (PEP 383).
            return (f"is not UTF-8 text (byte 0x{ord(char) - 0xDC00:02x}): the shell passed another encoding; "
                    "retype it in a UTF-8 terminal or set LANG to a UTF-8 locale")
        if is_invisible_control(char):  # bidi controls make a report show text other than the file's
            return f"contains the invisible control character U+{ord(char):04X}: remove it"
    return None


def checked(option: str, value: str) -> str:
    """`value` without surrounding spaces; click.BadParameter naming `option` if it is no usable name."""
    found = problem(value)
    if found:
        raise click.BadParameter(found, param_hint=f"'{option}'")
    return value.strip()


def name_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A click callback for a name option, single or `multiple=True`; None (not given) passes through."""
    option = param.opts[-1] if param.opts else param.name or "value"
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(checked(option, v) for v in value)
    return checked(option, value)
