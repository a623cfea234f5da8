"""docs/support-api.yaml: a valid OpenAPI 3.1 document that says what the client relies on."""

import pytest
from conftest import REPO

SPEC = REPO / "docs" / "support-api.yaml"


@pytest.fixture(scope="module")
def spec():
    from openapi_spec_validator.readers import read_from_filename

    document, _ = read_from_filename(str(SPEC))
    return document


def test_the_document_is_valid_openapi_3_1(spec):
    from openapi_spec_validator import validate

    validate(spec)
    assert spec["openapi"].startswith("3.1")


def deref(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_the_endpoints_and_statuses_the_client_handles_are_documented(spec):
    paths = spec["paths"]
    create = paths["/tickets"]["post"]
    assert {"201", "400", "401", "403", "409", "413", "422", "429", "503"} <= set(create["responses"])
    assert {"application/json", "multipart/form-data"} <= set(deref(spec, create["requestBody"])["content"])
    headers = {deref(spec, p)["name"] for p in create.get("parameters", []) if deref(spec, p).get("in") == "header"}
    assert "Idempotency-Key" in headers
    assert "get" in paths["/tickets/{id}"] and "post" in paths["/tickets/{id}/messages"]
    for status in ("429", "503"):
        assert "Retry-After" in deref(spec, create["responses"][status]).get("headers", {})
    created = deref(spec, create["responses"]["201"])["content"]["application/json"]["schema"]
    assert {"id", "number", "url", "status", "uuid"} <= set(deref(spec, created)["properties"])
