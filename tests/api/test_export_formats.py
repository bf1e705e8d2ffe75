"""GET /api/export/{fmt} serves every registered format with the registry's media type and file name, and
the OpenAPI document lists exactly those formats."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from factionmap.graph import exporters


@pytest.mark.parametrize("fmt", exporters.names())
def test_every_registered_format_downloads(client, fmt):
    exporter = exporters.EXPORTERS[fmt]
    response = client.get(f"/api/export/{fmt}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(exporter.media_type.split(";")[0])
    assert response.headers["content-disposition"] == f'attachment; filename="{exporter.filename("factionmap")}"'
    assert response.content
    if exporter.writes_folder:
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert archive.namelist() and all(archive.read(name) for name in archive.namelist())
    elif fmt == "ftm":
        from followthemoney import model

        entities = [model.get_proxy(json.loads(line)) for line in response.text.splitlines()]
        assert entities and {e.schema.name for e in entities} & {"Organization", "PublicBody", "Person"}
    elif fmt == "nodelink":
        import networkx as nx

        assert nx.node_link_graph(response.json()).number_of_nodes() > 0


def test_the_openapi_format_list_is_the_registry(client):
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/export/{fmt}"]["get"]
    parameter = next(p for p in operation["parameters"] if p["name"] == "fmt")
    assert parameter["schema"]["enum"] == list(exporters.names())
    media_types = set(operation["responses"]["200"]["content"])
    assert media_types == {e.media_type for e in exporters.EXPORTERS.values()}


def test_an_unregistered_format_is_a_422(client):
    assert client.get("/api/export/pdf").status_code == 422
