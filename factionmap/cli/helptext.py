"""Help text that shows what to type: a metavar for options that take a value, nothing for flags.

Typer 0.29 prints an option's Python type in help (``--since <str>``, ``--json <bool>``, even ``--help
<bool>``) unless the option has a metavar. The commands and groups here give every parameter without
one a click-style metavar (TEXT, INTEGER, PATH, the choices) and flags an empty one, through
``get_params``: the hook click documents for the parameters of a command, so the automatic ``--help``
is covered too. Options that deserve a better name (DATE, NAME, FILE) set ``metavar=`` themselves.
"""

from __future__ import annotations

from typer.core import TyperArgument, TyperCommand, TyperGroup

# Python type names Typer shows -> click's names for them
_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH", "bool": "BOOLEAN"}


def _metavar(param) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return "[" + "|".join(str(c) for c in choices) + "]"
    name = type(param.type).__name__ if not hasattr(param, "bare_type") else param.bare_type()
    name = name.removeprefix("list[").removesuffix("]")
    for typed, shown in _TYPE_NAMES.items():
        if name.startswith(typed):
            return shown
    return name.upper()


def _no_type(ctx) -> None:
    return None


class _Metavars:
    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument):
                # An argument's name is what to type (NAME, PATHS); Typer's argument class prints its
                # type beside it whatever its metavar, and has no setting for it: this instance doesn't.
                param.metavar = param.metavar or param.name.upper()
                param.display_type_rich = _no_type
            elif param.metavar is None:
                param.metavar = _metavar(param)
        return params


class HelpCommand(_Metavars, TyperCommand):
    """A command whose help shows metavars, not Python types."""


class HelpGroup(_Metavars, TyperGroup):
    """A group whose help shows metavars, not Python types (its commands need ``cls=HelpCommand``)."""
