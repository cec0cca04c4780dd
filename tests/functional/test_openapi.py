"""The public routes: a health check and the OpenAPI document, generated from the routes as
registered and the pydantic models they validate with."""

from __future__ import annotations

from openapi_spec_validator import validate

from tests.functional.helpers import call


def test_health_needs_no_key(client):
    response = call(client, "GET", "/health", None)

    assert response.status_code == 200
    assert response.json_body == {"status": "ok"}


def test_the_openapi_document_needs_no_key_and_is_valid_openapi_3(client):
    response = call(client, "GET", "/openapi.json", None)

    assert response.status_code == 200
    document = response.json_body
    assert document["openapi"].startswith("3.")
    validate(document)
    assert document["components"]["securitySchemes"]["bearer"] == {
        **document["components"]["securitySchemes"]["bearer"], "type": "http", "scheme": "bearer"}


def test_every_route_of_the_app_is_in_the_document_and_nothing_else(client):
    import app as application
    from chalicelib.blueprints.http import OPERATIONS

    document = call(client, "GET", "/openapi.json", None).json_body
    routes = {(method.lower(), path) for path, methods in application.app.routes.items() for method in methods}
    # The agent console's pages are for people in a browser, not part of the API.
    console = {(op.method.lower(), op.path) for op in OPERATIONS if not op.documented}

    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert documented == routes - console
    assert console and all(path == "/console" or path.startswith("/console/") for _, path in console)


def test_guarded_routes_need_the_bearer_key_and_say_who_may_call_them(client):
    from chalicelib.blueprints.http import public_routes

    document = call(client, "GET", "/openapi.json", None).json_body
    public = {(m.lower(), p) for m, p in public_routes()}

    for path, item in document["paths"].items():
        for method, operation in item.items():
            if (method, path) in public:
                assert operation["security"] == []
            else:
                assert operation["security"] == [{"bearer": []}]
                assert operation["x-roles"], (method, path)
    assert document["paths"]["/admin/api-keys"]["post"]["x-roles"] == ["admin"]


def test_request_bodies_and_parameters_come_from_the_models_the_routes_validate_with(client):
    from chalicelib.services.schemas import NewTicket

    document = call(client, "GET", "/openapi.json", None).json_body
    schemas = document["components"]["schemas"]
    open_ticket = document["paths"]["/tickets"]["post"]
    listing = document["paths"]["/customers/{email}/tickets"]["get"]

    assert open_ticket["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NewTicket"}
    assert set(schemas["NewTicket"]["properties"]) == set(NewTicket.model_fields)
    assert schemas["NewTicket"]["required"] == ["customer", "subject", "body"]
    assert {"201", "200", "4XX", "5XX"} <= set(open_ticket["responses"])
    parameters = {(p["in"], p["name"]): p for p in listing["parameters"]}
    assert set(parameters) == {("path", "email"), ("query", "limit"), ("query", "cursor")}
    assert parameters[("query", "limit")]["schema"]["maximum"] == 100
    assert "JPY" in schemas["RemedyIn"]["properties"]["currency"]["enum"]
    assert document["paths"]["/tickets/{ticket_id}/remedies/{remedy_id}/approve"]["post"]["requestBody"][
        "required"] is False
