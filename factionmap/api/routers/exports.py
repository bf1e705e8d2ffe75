"""GET /api/export/{fmt}: the map as a file for other tools, in every format ``factionmap export`` writes (the
registry of :mod:`factionmap.graph.exporters`: names, media types, file names; a folder format such as the
CSV tables is zipped), with the same writers, reference relations included."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response

from factionmap.api import bounds
from factionmap.api.deps import AsOf, MapCacheDep, QueriesDep
from factionmap.errors import LimitExceeded
from factionmap.graph import exporters

router = APIRouter(prefix="/export", tags=["exports"])

if TYPE_CHECKING:  # the names are the registry's, known only at run time
    Format = str
else:
    Format = Literal[exporters.names()]  # the path parameter: a name the registry does not hold is a 422
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment",
        "content": {
            e.media_type: {
                "schema": {"type": "object"} if e.extension == "json" else {"type": "string", "format": "binary"}
            }
            for e in exporters.EXPORTERS.values()
        },
    }
}


def _write(exporter: exporters.Exporter, folder: Path, rels, actors, refs) -> bytes:
    if exporter.writes_folder:
        exporter.write(folder, rels, actors, refs)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
        return buffer.getvalue()
    path = folder / exporter.filename("map")
    exporter.write(path, rels, actors, refs)
    return path.read_bytes()


@router.get("/{fmt}", response_class=Response, responses=FILE_RESPONSES)
def export(fmt: Format, queries: QueriesDep, cache: MapCacheDep, as_of: AsOf = None) -> Response:
    """The whole map (as of a date) as a file, up to ``bounds.EXPORT_CLAIMS`` claims; more is 413, and
    ``factionmap export`` writes any size."""
    exporter = exporters.EXPORTERS[fmt]
    if not exporter.with_claims:  # the graph alone: the maintained table, no aggregation
        rels = queries.network(as_of)
    else:
        rels = queries.all_relationships(as_of) if as_of else list(cache.snapshot().relationships)
    claims = sum(r.claim_count for r in rels)
    if claims > bounds.EXPORT_CLAIMS:
        raise LimitExceeded(
            f"the map holds {claims:,} claims, too many to export through the web",
            limit=f"at most {bounds.EXPORT_CLAIMS:,} claims (api.bounds.EXPORT_CLAIMS)",
            hint=f"run `factionmap export --format {fmt} --out FILE` on the server, or pass "
            "as_of for an earlier, smaller map",
        )
    bundle = queries.export_bundle(rels)
    with tempfile.TemporaryDirectory(prefix="factionmap-export-") as folder:
        data = _write(exporter, Path(folder), bundle.relationships, bundle.actors, bundle.reference)
    name = exporter.filename(f"factionmap{'-' + as_of if as_of else ''}")
    return Response(
        data, media_type=exporter.media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
