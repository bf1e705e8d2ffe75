"""`relation`, `actor`, `ask`, `path`: the analyst's questions, answered from the store with citations."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from factionmap.cli.common import AsOfOption, DbOption, JsonOption, fail, open_engine, out, printable
from factionmap.cli.compare import print_comparison
from factionmap.cli.render import print_json, reference_table, relationships_table
from factionmap.errors import FactionmapError
from factionmap.public import convert
from factionmap.queries.text import relationship_sentence

Name = Annotated[str, typer.Argument(help="An actor: any name, alias or spelling (or its id)")]


def _queries(db: str | None):
    from factionmap.graph.reliability import load_reliability
    from factionmap.queries.answers import Queries
    from factionmap.settings import Settings

    settings = Settings() if db is None else Settings(db=db)
    try:
        reliability = load_reliability(settings.reliability) if settings.reliability else None
    except FactionmapError as exc:
        fail(exc, 2)
    return Queries(open_engine(db), reliability=reliability)


def relation(a: Name, b: Name, db: DbOption = None, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """What is the relationship between A and B? A plain answer, then the claims by type with time,
    source, hedges and quotes, then the reference data's view."""
    q = _queries(db)
    try:
        answer = q.relation(a, b, as_of=as_of)
    except FactionmapError as exc:
        fail(exc)
    names = answer.names
    if as_json:
        print_json(out, convert.relation_answer(answer))  # the API's shape, every claim
        return
    out.print(f"{answer.a.name} ↔ {answer.b.name}" + (f"  (as of {as_of})" if as_of else ""), style="bold")
    out.print(answer.summary, highlight=False, markup=False)
    if answer.relationships:
        relationships_table(out, answer.relationships, names, "claims by relationship")
    if answer.path:
        relationships_table(out, answer.path, names, "how they are connected")
    reference_table(out, answer.reference, names)
    print_comparison(out, answer.comparison)


def actor(name: Name, db: DbOption = None, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """An actor's names, type, lineage, relationships and sources."""
    q = _queries(db)
    try:
        answer = q.actor(name, as_of=as_of)
    except FactionmapError as exc:
        fail(exc)
    names = answer.names
    if as_json:
        print_json(out, convert.actor_profile(answer))  # the API's shape, every relationship and claim
        return
    a = answer.actor
    out.print(Text.assemble((printable(a.name), "bold"), printable(f"  {a.type}  (id {a.id})")))
    if answer.aliases:
        out.print("also: " + "; ".join(answer.aliases[:20]), highlight=False, markup=False)
    out.print(
        f"{answer.documents} document(s) in the store mention it in a claim; outlets: "
        + (", ".join(f"{o} ({n})" for o, n in answer.outlets[:8]) or "none"),
        highlight=False,
    )
    for r in answer.lineage:
        out.print("lineage: " + relationship_sentence(r, names), highlight=False, markup=False)
    if answer.relationships:
        relationships_table(out, answer.relationships, names, f"relationships of {a.name}")
    reference_table(out, answer.reference, names)


def path(a: Name, b: Name, db: DbOption = None, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """How two actors are connected: the strongest chain of relationships between them."""
    q = _queries(db)
    try:
        answer = q.path(a, b, as_of=as_of)
    except FactionmapError as exc:
        fail(exc)
    ra, rb, chain, names = answer.a, answer.b, answer.path, answer.names
    if as_json:
        print_json(out, convert.path(answer))
        return
    if not chain:
        out.print(f"No chain of relationships in the store connects {ra.name} and {rb.name}.")
        return
    for r in chain:
        out.print(relationship_sentence(r, names), highlight=False, markup=False)
    relationships_table(out, chain, names, f"{ra.name} → {rb.name}")


def ask(
    question: Annotated[str, typer.Argument(help='e.g. "What is the relationship between X and Y?"')],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ask in plain English: the relationship between X and Y; who supports, praises, attacks X; allies or
    rivals of X; whom X pledged to or split from; how X and Y are connected; "… as of 2020"."""
    from factionmap.queries.ask import parse_question

    if as_json:  # the API's /api/ask shape, every claim
        q = _queries(db)
        try:
            print_json(out, convert.ask(q.ask(question)))
        except FactionmapError as exc:
            fail(exc)
        return
    try:
        reading = parse_question(question)
    except FactionmapError as exc:
        fail(exc)
    out.print(f"read as: {reading.describe()}", style="dim", highlight=False)
    if reading.kind == "relation" or (reading.kind == "when" and reading.b):
        relation(reading.a, reading.b or "", db=db, as_of=reading.as_of)
    elif reading.kind == "path":
        path(reading.a, reading.b or "", db=db, as_of=reading.as_of)
    else:
        _who(reading, db)


def _who(reading, db: str | None) -> None:
    q = _queries(db)
    try:
        rels = q.who(reading.a, reading.types, reading.role, as_of=reading.as_of)
        target = q.resolver.resolve(reading.a)
    except FactionmapError as exc:
        fail(exc)
    names = q.names({target.id} | {x for r in rels for x in (r.head, r.tail)})
    if not rels:
        out.print(f"No claim in the store answers this for {target.name}.")
        return
    for r in rels:
        out.print(relationship_sentence(r, names), highlight=False, markup=False)
    relationships_table(out, rels, names, reading.describe())
