"""The "News vs reference" part of `relation` and `changes --contradicts-reference`: text and --json."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from factionmap.cli.common import printable
from factionmap.graph.reference_compare import Comparison

KIND_STYLE = {"contradicts": "bold red", "agrees": "green", "adds": "cyan", "reference_only": "dim"}


def print_comparison(console: Console, comparison: Sequence[Comparison]) -> None:
    if not comparison:
        return
    console.print("News vs reference", style="bold")
    for item in comparison:
        console.print(
            Text.assemble(
                (f"  {item.kind.replace('_', ' ')}", KIND_STYLE.get(item.kind, "")), " ", printable(item.text)
            ),
            highlight=False,
        )
