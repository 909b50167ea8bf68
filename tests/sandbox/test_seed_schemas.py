"""The sandbox's answers validate against the providers' own published response schemas.

The schemas are read from the seed documents themselves (OpenAPI YAML for Content Ignite
and Versori, the field list for Elevate), so a drift between the docs and the fake fails
here. Objects are checked strictly: no field the docs do not name.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml

from desktop_app.sandbox import Sandbox
from tests.sandbox.conftest import (
    ci_headers,
    elevate_headers,
    exact_json,
    versori_headers,
    versori_invoices_url,
)

pytestmark = pytest.mark.sandbox


def _find_seeds() -> Path | None:
    for ancestor in Path(__file__).resolve().parents:
        candidate = ancestor / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


SEEDS = _find_seeds()
if SEEDS is None:
    pytest.skip(
        "the provider seed documents (shared/seeds) are not available", allow_module_level=True
    )


def seed_text(prefix: str) -> str:
    assert SEEDS is not None
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def openapi(prefix: str) -> dict[str, Any]:
    match = re.search(r"````yaml[^\n]*\n(.*?)\n````", seed_text(prefix), re.DOTALL)
    assert match, f"no OpenAPI block in seed {prefix}"
    return dict(yaml.safe_load(match.group(1)))


def response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    operation = spec["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return strict({**schema, "components": spec.get("components", {})})


def strict(schema: Any) -> Any:
    """OpenAPI 3.0 ``nullable`` as JSON Schema, and no undocumented object properties."""
    schema = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        if "properties" in node:
            for name in node.get("required", []):
                node["properties"].setdefault(name, {})  # required though never defined
            node["additionalProperties"] = False
        for value in node.values():
            visit(value)

    visit(schema)
    return schema


def validate(instance: Any, schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(instance)


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(seed=21) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as http:
        yield http


def test_content_ignite_list_matches_seed_000(box: Sandbox, client: httpx.Client) -> None:
    schema = response_schema(openapi("000"), "/v1/billing/invoice")
    body = exact_json(
        client.get(f"{box.content_ignite_url}/v1/billing/invoice", headers=ci_headers(box))
    )

    validate(body, schema)
    assert body["results"]


def test_content_ignite_detail_matches_seed_001(box: Sandbox, client: httpx.Client) -> None:
    schema = response_schema(openapi("001"), "/v1/billing/invoice/{id}")
    for row in box.dataset.content_ignite.invoices:
        url = f"{box.content_ignite_url}/v1/billing/invoice/{row['id']}"
        validate(exact_json(client.get(url, headers=ci_headers(box))), schema)


def test_versori_invoices_match_seed_003(box: Sandbox, client: httpx.Client) -> None:
    schema = response_schema(openapi("003"), "/organisations/{organisation_id}/billing/invoices")
    upcoming = exact_json(client.get(versori_invoices_url(box), headers=versori_headers(box)))
    history = exact_json(
        client.get(
            versori_invoices_url(box), params={"from": "2020-01-01"}, headers=versori_headers(box)
        )
    )

    validate(upcoming, schema)
    validate(history, schema)
    assert len(history) > 18


def test_versori_errors_match_seed_003(box: Sandbox, client: httpx.Client) -> None:
    spec = openapi("003")
    error_schema = strict(spec["components"]["schemas"]["Error"])
    bad_date = client.get(
        versori_invoices_url(box), params={"from": "nope"}, headers=versori_headers(box)
    )
    no_org = client.get(versori_invoices_url(box, "01HNOPE"), headers=versori_headers(box))
    no_auth = client.get(versori_invoices_url(box))

    for response in (bad_date, no_org, no_auth):
        assert response.status_code >= 400
        validate(response.json(), error_schema)


def elevate_field_schema() -> dict[str, Any]:
    """JSON Schema from seed 004's "Response 200 fields" list (types and enums)."""
    text = seed_text("004")
    section = text.split("## Response 200 fields", 1)[1].split("## Response 400", 1)[0]
    entries = re.findall(r"- `([\w.]+)` \((\w+)\)(.*?)(?= - `|$)", section, re.DOTALL)
    json_types = {
        "integer": "integer",
        "number": "number",
        "string": "string",
        "boolean": "boolean",
        "array": "array",
    }
    top: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    for name, kind, rest in entries:
        # The list states no nullability; a null is accepted, a wrong type is not.
        prop: dict[str, Any] = {"type": [json_types[kind], "null"]}
        enum = re.search(r'Enum: ((?:"[A-Z_]+",? ?)+)', rest)
        if enum:
            prop["enum"] = [*re.findall(r'"([A-Z_]+)"', enum.group(1)), None]
        parent, _, child = name.partition(".")
        if child:
            nested[child] = prop
        else:
            top[parent] = prop
    top["usageBreakdown"]["items"] = {
        "type": "object",
        "properties": nested,
        "additionalProperties": False,
    }
    row = {
        "type": "object",
        "properties": top,
        "additionalProperties": False,
        "required": sorted(top),
    }
    return {"type": "array", "items": row}


def test_elevate_field_list_is_parsed_whole() -> None:
    schema = elevate_field_schema()
    fields = schema["items"]["properties"]

    assert len(fields) == 38  # plus 7 usageBreakdown sub-fields: 45 entries in the list
    assert "PARTIALLY_PAID" in fields["paymentStatus"]["enum"]
    assert set(fields["usageBreakdown"]["items"]["properties"]) == {
        "usageProductId", "chargeGroupCategoryId", "taxBandId", "costPrice", "sellPrice", "taxAmount", "ratedCostPrice",
    }  # fmt: skip


def test_elevate_invoices_match_seed_004(box: Sandbox, client: httpx.Client) -> None:
    schema = elevate_field_schema()
    body = exact_json(
        client.get(
            f"{box.elevate_url}/invoices",
            params={"page": 1, "pageSize": 1000},
            headers=elevate_headers(box),
        )
    )

    validate(body, schema)
    assert len(body) == len(box.dataset.elevate.invoices)


def test_schema_break_fault_is_caught_by_the_seed_schema(
    box: Sandbox, client: httpx.Client
) -> None:
    """The fault really violates the documented contract, for each provider."""
    box.faults.inject("content_ignite", "schema_break")
    box.faults.inject("versori", "schema_break")
    box.faults.inject("elevate", "schema_break")

    broken = [
        (exact_json(client.get(f"{box.content_ignite_url}/v1/billing/invoice", headers=ci_headers(box))),
         response_schema(openapi("000"), "/v1/billing/invoice")),
        (exact_json(client.get(versori_invoices_url(box), headers=versori_headers(box))),
         response_schema(openapi("003"), "/organisations/{organisation_id}/billing/invoices")),
        (exact_json(client.get(f"{box.elevate_url}/invoices", params={"page": 1, "pageSize": 5}, headers=elevate_headers(box))),
         elevate_field_schema()),
    ]  # fmt: skip

    for body, schema in broken:
        with pytest.raises(jsonschema.ValidationError):
            validate(body, schema)
