"""Every whole number a request carries is bounded before it is used: ids in addresses and query
strings, and every integer any API operation reads (checked over the whole OpenAPI schema, so a
new endpoint with an unbounded number fails here)."""

import pytest
from django.urls import reverse

from elections import services
from elections.bounds import ID_MAX, INT_MAX

HUGE = 99999999999999999999


@pytest.mark.parametrize(
    "path",
    [
        f"/api/candidates/{HUGE}/",
        f"/api/sections/{HUGE}/candidates/",
        f"/api/slates/{HUGE}/",
        f"/api/candidates/{HUGE}/statements/ballot/",
        f"/api/nominations/sections/{HUGE}/",
        f"/api/results/counts/{HUGE}/",
        f"/api/results/ballot-sets/{HUGE}/",
    ],
)
def test_a_huge_id_in_an_api_address_is_not_found(client_for, rita, path):
    response = client_for(rita).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize(
    "path", [f"/ballots/results/counts/{HUGE}/", f"/hustings/{HUGE}/", f"/ballots/results/returns/{HUGE}/"]
)
def test_a_huge_id_in_a_page_address_is_not_found(client_for, rita, path):
    assert client_for(rita).get(path).status_code == 404


@pytest.mark.parametrize("query", [f"from={HUGE}&to=1", f"from=1&to={HUGE}", "from=²&to=1", "from=-1&to=1"])
def test_comparing_revisions_with_a_huge_number_is_refused_on_the_page(client_for, ayesha, query):
    for body in ("First text.", "Second text."):
        services.statement_save(candidate=ayesha, kind="long-form", body=body, user=ayesha.user)
    url = reverse(
        "elections:statement_diff", args=[ayesha.section.election.slug, ayesha.section.slug, ayesha.slug, "long-form"]
    )
    response = client_for(ayesha.user).get(f"{url}?{query}")
    assert response.status_code == 400
    assert "Choose two revisions to compare." in response.content.decode()


@pytest.mark.parametrize("page", [str(HUGE), "", "0", "x"])
def test_a_page_number_out_of_range_or_empty_is_not_found(client_for, alice, section, page):
    response = client_for(alice).get(f"/api/elections/?page={page}")
    assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}


def _integers(schema, components, path=""):
    """(where, schema) for every integer in a request schema, following $refs."""
    if "$ref" in schema:
        yield from _integers(components[schema["$ref"].rsplit("/", 1)[1]], components, path)
        return
    if schema.get("type") == "integer":
        yield path, schema
    for name, prop in schema.get("properties", {}).items():
        if not prop.get("readOnly"):
            yield from _integers(prop, components, f"{path}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _integers(schema[key], components, f"{path}[]")
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            yield from _integers(part, components, path)


def test_every_integer_the_api_reads_has_a_maximum_within_the_database(client_for, alice):
    schema = client_for(alice).get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    found, unbounded = 0, []
    for route, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                for where, number in _integers(parameter["schema"], components, f"{parameter['name']}"):
                    found += 1
                    if parameter["in"] != "path" and not number.get("maximum", INT_MAX + ID_MAX) <= ID_MAX:
                        unbounded.append(f"{method.upper()} {route} {where}")
            for content in operation.get("requestBody", {}).get("content", {}).values():
                for where, number in _integers(content["schema"], components, "body"):
                    found += 1
                    if not number.get("maximum", INT_MAX + ID_MAX) <= ID_MAX:
                        unbounded.append(f"{method.upper()} {route} {where}")
    assert found > 10  # the walk reached the request bodies
    assert unbounded == []
