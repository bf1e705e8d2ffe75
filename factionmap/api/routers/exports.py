"""GET /api/export/{fmt}: the map as a file for other tools (GraphML/GEXF for Gephi, JSON, STIX 2.1, or the
CSV tables zipped), the same writers ``factionmap export`` uses, reference relations included."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from factionmap.api import bounds
from factionmap.api.deps import AsOf, MapCacheDep, QueriesDep
from factionmap.errors import LimitExceeded

router = APIRouter(prefix="/export", tags=["exports"])

Format = Literal["graphml", "gexf", "json", "stix", "csv"]
MEDIA = {"graphml": ("application/graphml+xml", "graphml"), "gexf": ("application/gexf+xml", "gexf"),
         "json": ("application/json", "json"), "stix": ("application/stix+json;version=2.1", "json"),
         "csv": ("application/zip", "zip")}
FILE_RESPONSES = {200: {"description": "The file, as an attachment",
                        "content": {media: {"schema": {"type": "object"} if extension == "json"
                                            else {"type": "string", "format": "binary"}}
                                    for media, extension in MEDIA.values()}}}


def _write(fmt: str, folder: Path, rels, actors, refs) -> bytes:
    from factionmap.graph import exports, stix

    if fmt == "csv":
        exports.write_csv(folder, rels, actors, refs)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
        return buffer.getvalue()
    writer = {"graphml": exports.write_graphml, "gexf": exports.write_gexf, "json": exports.write_json,
              "stix": stix.write_stix}[fmt]
    path = folder / f"map.{fmt}"
    writer(path, rels, actors, refs)
    return path.read_bytes()


@router.get("/{fmt}", response_class=Response, responses=FILE_RESPONSES)
def export(fmt: Format, queries: QueriesDep, cache: MapCacheDep, as_of: AsOf = None) -> Response:
    """The whole map (as of a date) as a file, up to ``bounds.EXPORT_CLAIMS`` claims; more is 413, and
    ``factionmap export`` writes any size."""
    rels = queries.all_relationships(as_of) if as_of else list(cache.snapshot().relationships)
    claims = sum(len(r.claims) for r in rels)
    if claims > bounds.EXPORT_CLAIMS:
        raise LimitExceeded(f"the map holds {claims:,} claims, too many to export through the web",
                            limit=f"at most {bounds.EXPORT_CLAIMS:,} claims (api.bounds.EXPORT_CLAIMS)",
                            hint=f"run `factionmap export --format {fmt} --out FILE` on the server, or pass "
                                 "as_of for an earlier, smaller map")
    ids = {x for r in rels for x in (r.head, r.tail)}
    refs = queries.reference_among(ids)
    actors = queries.actors(ids | {x for r in refs for x in (r.head, r.tail)})
    with tempfile.TemporaryDirectory(prefix="factionmap-export-") as folder:
        data = _write(fmt, Path(folder), rels, actors, refs)
    media, extension = MEDIA[fmt]
    name = f"factionmap{'-' + as_of if as_of else ''}{'-stix' if fmt == 'stix' else ''}.{extension}"
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
