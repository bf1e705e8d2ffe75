"""`coalitions`, `timeline`, `changes`, `map`, `export`: the map as a whole, over time, and out to other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from factionmap.cli.common import AsOfOption, DbOption, JsonOption, date_check, err, fail, out, printable
from factionmap.cli.queries import Name, _queries
from factionmap.cli.render import claim_source, print_json
from factionmap.errors import FactionmapError, InvalidInput
from factionmap.graph import exporters
from factionmap.public import convert
from factionmap.public.records import ChangesPublic
from factionmap.queries.text import relationship_sentence
from factionmap.vocab import load_vocab

CHANGE_CLAIMS_SHOWN = 3  # claims listed under each change in the text view

FORMATS = exporters.names()  # registered in factionmap.graph.exporters
_FOLDER_FORMATS = " or ".join(e.name for e in exporters.EXPORTERS.values() if e.writes_folder)


def coalitions(db: DbOption = None, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Coalitions: communities of the signed network (allies, affiliates, pledges, support pull together;
    attacks, rivalries, denunciations, splits push apart), with the actors that bridge them and, flagged,
    any confident hostile relationship left between two members."""
    q = _queries(db)
    found = q.coalitions(as_of)
    names = q.names({m for c in found for m in c.members})
    if as_json:
        print_json(
            out,
            [
                {
                    "members": [names[m] for m in c.members],
                    "weight": c.weight,
                    "bridges": [{"actor": names[b], "participation": p} for b, p in c.bridges],
                    "tied_to": list(c.neighbours),
                    "hostile_inside": [
                        {"head": names[h], "type": r, "tail": names[t], "confidence": p}
                        for h, r, t, p in c.hostile_inside
                    ],
                }
                for c in found
            ],
        )
        return
    if not found:
        out.print("No coalition: the store has too few cooperative relationships.")
        return
    labels = load_vocab().relations
    table = Table(title="coalitions" + (f" as of {as_of}" if as_of else ""), show_lines=True)
    for col in (
        "#",
        "members (strongest ties first)",
        "bridges to other coalitions",
        "tied to",
        "hostile inside (flagged)",
    ):
        table.add_column(col, overflow="fold")
    for i, c in enumerate(found):
        hostile = "; ".join(f"{names[h]} {labels[r].label} {names[t]} ({p:.2f})" for h, r, t, p in c.hostile_inside)
        table.add_row(
            f"{i} !" if c.hostile_inside else str(i),
            ", ".join(names[m] for m in c.members),
            ", ".join(f"{names[b]} ({p:.2f})" for b, p in c.bridges) or "-",
            ", ".join(f"#{n}" for n in c.neighbours) or "-",
            Text(printable(hostile), style="bold red") if hostile else "-",
        )
    out.print(table)


def timeline(
    name: Name,
    db: DbOption = None,
    as_of: AsOfOption = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also draw it to this PNG file")] = None,
    as_json: JsonOption = False,
) -> None:
    """An actor's relationships over time: one row per counterpart and type, with dated claims."""
    q = _queries(db)
    try:
        answer = q.timeline(name, as_of)
    except FactionmapError as exc:
        fail(exc)
    ref, tracks, names = answer.actor, answer.tracks, answer.names
    if png:
        from factionmap.graph.pictures import draw_timeline

        draw_timeline([t.relationship for t in tracks], answer.actors, ref.id, png)
        err.print(f"timeline drawn to {png}")
    if as_json:  # the tracks of the API's actor profile, every point
        print_json(
            out, [t.model_dump(mode="json") for t in convert.timeline(ref.id, [t.relationship for t in tracks], names)]
        )
        return
    table = Table(
        title=f"timeline of {ref.name}" + (f" as of {as_of}" if as_of else ""),
        caption="Dates the text states as they are; ~2016-10: no date in the sentence, reported in "
        "an article of 2016-10 (never a from/to bound).",
    )
    for col in ("from", "to", "relationship", "dated claims", "undated"):
        table.add_column(col)
    for t in tracks:
        table.add_row(
            t.start or "?",
            t.end or "?",
            relationship_sentence(t.relationship, names),
            ", ".join(p.label + (" (not)" if p.negated else "") for p in t.points) or "-",
            str(t.undated),
        )
    out.print(table)


def changes(
    since: Annotated[
        str,
        typer.Option(
            "--since", metavar="DATE", callback=date_check("--since"), help="ISO date: 2024, 2024-12 or 2024-12-08"
        ),
    ],
    db: DbOption = None,
    by_claim_date: Annotated[
        bool, typer.Option("--by-claim-date", help="New by what the claims date, not by when they were ingested")
    ] = False,
    contradicts_reference: Annotated[
        bool,
        typer.Option(
            "--contradicts-reference", help="Instead: relationships with new claims that the reference data contradicts"
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The watchlist: relationships that are new, changed status, ended, or became contradicted since a date."""
    q = _queries(db)
    if contradicts_reference:
        _reference_contradictions(q, since, not by_claim_date, as_json)
        return
    found = q.changes(since, by_ingestion=not by_claim_date)
    if as_json:  # the API's /api/changes shape, every change
        data = convert.changes(found, q.names(convert.names_in_changes(found)))
        print_json(out, ChangesPublic(data=data, count=len(data)))
        return
    if not found:
        out.print(f"Nothing new or changed since {since}.")
        return
    for c in found:
        out.print(Text.assemble((c.kind, "bold"), " ", printable(c.summary)), highlight=False)
        for x in c.claims[:CHANGE_CLAIMS_SHOWN]:  # what makes it new: its date (~: the article's) and source
            out.print(f"    {x.shown_date or 'undated'} · {claim_source(x)}", style="dim", highlight=False)
        if len(c.claims) > CHANGE_CLAIMS_SHOWN:
            out.print(f"    and {len(c.claims) - CHANGE_CLAIMS_SHOWN} more claims (--json lists them)", style="dim")


def _reference_contradictions(q, since: str, by_ingestion: bool, as_json: bool) -> None:
    found = q.reference_contradictions(since, by_ingestion=by_ingestion)
    if as_json:
        data = convert.reference_contradictions(found, q.names(convert.names_in_contradictions(found)))
        print_json(out, ChangesPublic(data=data, count=len(data)))
        return
    if not found:
        out.print(f"No relationship with claims new since {since} contradicts the reference data.")
        return
    for c, new in found:
        out.print(Text.assemble(("contradicts reference", "bold red"), " ", printable(c.text)), highlight=False)
        for x in new[:CHANGE_CLAIMS_SHOWN]:
            out.print(f"    {x.shown_date or 'undated'} · {claim_source(x)}", style="dim", highlight=False)
        if len(new) > CHANGE_CLAIMS_SHOWN:
            out.print(f"    and {len(new) - CHANGE_CLAIMS_SHOWN} more claims (--json lists them)", style="dim")


def map_(
    name: Name,
    png: Annotated[Path, typer.Option("--png", help="PNG file to draw the network to")],
    db: DbOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Draw an actor's network: nodes by actor type, edges coloured by relation type, width by confidence."""
    from factionmap.graph.pictures import draw_network

    q = _queries(db)
    try:
        ref, rels = q.neighbourhood(name, as_of)
    except FactionmapError as exc:
        fail(exc)
    if not rels:
        fail(InvalidInput(f"{ref.name} has no relationship in the store to draw", hint="ingest articles first"))
    draw_network(rels, q.actors({x for r in rels for x in (r.head, r.tail)}), ref.id, png)
    out.print(f"network of {ref.name} ({len(rels)} relationships) drawn to {png}")


def export(
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar=exporters.metavar(), help=f"The format to write: {', '.join(FORMATS)}"),
    ],
    out_path: Annotated[Path, typer.Option("--out", "-o", help=f"File to write (a folder for {_FOLDER_FORMATS})")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    reference: Annotated[bool, typer.Option(help="Include reference relations (kept marked as such)")] = True,
) -> None:
    """Export the map for other tools (Gephi, spreadsheets, STIX platforms, networkx, FollowTheMoney), in any
    format --format lists."""
    exporter = exporters.get(fmt)
    if exporter is None:
        fail(
            InvalidInput(f"unknown export format {fmt!r}", source="--format", hint=f"use one of {', '.join(FORMATS)}"),
            2,
        )  # a usage error, like a bad date
    q = _queries(db)
    if exporter.writes_folder:
        out_path.mkdir(parents=True, exist_ok=True)
    elif out_path.parent != Path(""):
        out_path.parent.mkdir(parents=True, exist_ok=True)
    if exporter.rows_target and q.reads_table(as_of):  # the whole store, streamed from its table
        counts = q.export_table(exporter, out_path, reference=reference)
    else:
        rels = q.all_relationships(as_of) if exporter.with_claims else q.network(as_of)
        bundle = q.export_bundle(rels, reference=reference)
        exporter.write(out_path, bundle.relationships, bundle.actors, bundle.reference)
        counts = len(bundle.relationships), len(bundle.actors), len(bundle.reference)
    out.print(f"{counts[0]} relationships, {counts[1]} actors, {counts[2]} reference relations → {out_path} ({fmt})")
