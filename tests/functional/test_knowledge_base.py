"""The knowledge base through the API on moto: admins write and publish, anyone searches, the
acknowledgement suggests articles, and "this solved it" resolves the ticket once."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

SAMPLES = Path(__file__).resolve().parents[2] / "devstack" / "help_centre"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _article(**overrides):
    body = {"title": "Return policy", "body": "Return any item within **30 days** for a refund.",
            "language": "en", "category": "return_refund", "tags": ["returns"], "status": "published"}
    body.update(overrides)
    return body


def _import_samples(client, keys):
    from scripts import kb_files

    items = [f.request() for f in kb_files.read_folder(SAMPLES)]
    answer = call(client, "POST", "/kb/import", keys["admin"], {"articles": items})
    assert answer.status_code == 200, answer.body
    return {(i["language"], i["slug"]): i["id"] for i in answer.json_body["imported"]}


def _search(client, q, lang, **more):
    answer = call(client, "GET", f"/kb/search?{urlencode({'q': q, 'lang': lang, **more})}", None)
    assert answer.status_code == 200, answer.body
    return answer.json_body["results"]


def test_search_ranks_the_matching_article_first_for_inflected_queries_in_english_and_spanish(client, keys):
    ids = _import_samples(client, keys)

    returning = _search(client, "returning", "en")
    devolucion = _search(client, "devolución", "es")

    assert returning[0]["title"] == "Return policy" and returning[0]["id"] == ids[("en", "return-policy")]
    assert devolucion[0]["title"] == "Devoluciones" and devolucion[0]["id"] == ids[("es", "devoluciones")]
    for result in returning + devolucion:
        assert set(result) >= {"id", "title", "url", "score"}
        assert result["url"].endswith(f"/help/articles/{result['id']}")
    assert [r["score"] for r in returning] == sorted((r["score"] for r in returning), reverse=True)
    # accents folded, typos forgiven on short queries, English when a language has nothing
    assert _search(client, "devolucion", "es")[0]["title"] == "Devoluciones"
    assert _search(client, "refnud", "en")[0]["title"] == "When will I get my refund?"
    assert _search(client, "warranty", "de")[0]["title"] == "Warranty claims"
    assert _search(client, "paquete", "es", category="shipping_problem")[0]["language"] == "es"
    assert _search(client, "", "en") == []


def test_only_published_articles_are_found_and_publishing_retiring_are_versions(client, keys):
    draft = call(client, "POST", "/kb/articles", keys["admin"], _article(status=None) | {"status": "draft"})
    assert draft.status_code == 201
    article = draft.json_body["article"]
    assert article["status"] == "draft" and article["id"].startswith("A-") and "<strong>30 days</strong>" in article["html"]
    assert _search(client, "return", "en") == []

    published = call(client, "POST", f"/kb/articles/{article['id']}/publish", keys["admin"])
    assert published.json_body["article"]["status"] == "published"
    assert [r["id"] for r in _search(client, "return", "en")] == [article["id"]]

    edited = call(client, "PATCH", f"/kb/articles/{article['id']}", keys["admin"],
                  {"title": "Returns and exchanges", "expected_version": 2})
    assert edited.status_code == 200 and edited.json_body["article"]["version"] == 3
    stale = call(client, "PATCH", f"/kb/articles/{article['id']}", keys["admin"], {"title": "x", "expected_version": 2})
    assert stale.status_code == 409
    assert _search(client, "exchanges", "en")[0]["title"] == "Returns and exchanges"

    call(client, "POST", f"/kb/articles/{article['id']}/retire", keys["admin"])
    assert _search(client, "return", "en") == []
    versions = call(client, "GET", f"/kb/articles/{article['id']}/versions", keys["admin"]).json_body["versions"]
    assert [(v["version"], v["change"]) for v in versions] == [(1, "created"), (2, "published"), (3, "edited"),
                                                                (4, "retired")]
    assert versions[0]["snapshot"]["title"] == "Return policy"
    back_to_draft = call(client, "PATCH", f"/kb/articles/{article['id']}", keys["admin"], {"status": "draft"})
    assert back_to_draft.status_code == 409 and back_to_draft.json_body["error"]["code"] == "invalid_transition"


def test_writing_articles_takes_an_admin_key_and_bad_input_is_named(client, keys):
    assert call(client, "POST", "/kb/articles", keys["storefront"], _article()).status_code == 403
    assert call(client, "POST", "/kb/articles", keys["agent_tier3"], _article()).status_code == 403
    assert call(client, "POST", "/kb/articles", None, _article()).status_code == 401
    assert call(client, "GET", "/kb/stats?from=2026-12-01&to=2026-12-01", keys["storefront"]).status_code == 403

    for body, field in ((_article(language="english!"), "language"), (_article(title=""), "title"),
                        (_article(status="live"), "status"), (_article(category="cats"), "category"),
                        (_article(translation_of="A-nope"), "translation_of"), (_article(slug="Not a slug"), "slug")):
        answer = call(client, "POST", "/kb/articles", keys["admin"], body)
        assert answer.status_code == 400, (field, answer.body)
        assert field in answer.json_body["error"]["message"]
    assert call(client, "GET", "/kb/articles/A-NOTANID", keys["admin"]).status_code == 404

    call(client, "POST", "/kb/articles", keys["admin"], _article(slug="returns"))
    again = call(client, "POST", "/kb/articles", keys["admin"], _article(slug="returns"))
    assert again.status_code == 409 and again.json_body["error"]["code"] == "slug_taken"


def test_hostile_markdown_is_rendered_harmless(client, keys):
    body = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>"
    made = call(client, "POST", "/kb/articles", keys["admin"], _article(body=body, title="<b>Hi</b>"))
    article = made.json_body["article"]

    assert "<script>" not in article["html"] and "href=\"javascript" not in article["html"]
    assert "<img" not in article["html"]
    page = client.http.get(f"/help/articles/{article['id']}")
    assert page.status_code == 200
    html = page.body.decode()
    assert "<script>" not in html and "<b>Hi</b>" not in html and "&lt;b&gt;Hi&lt;/b&gt;" in html


def test_the_acknowledgement_suggests_articles_and_this_solved_it_resolves_the_ticket_once(client, keys, aws):
    os.environ["PUBLIC_BASE_URL"] = "https://help.example.com/api"
    _import_samples(client, keys)

    opened = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        subject="I want to return my shoes", body="Hello, the shoes do not fit. How do I return them and get a refund?"))
    ticket = opened.json_body["ticket"]
    [ack] = outbox_messages(aws["outbox"])
    text = text_of(ack)
    links = re.findall(r"https://help\.example\.com/api(/help/articles/(A-[0-9A-Z]+)\?s=([\w.\-]+))", text)
    assert 1 <= len(links) <= 3
    assert "Return policy" in text
    path, article_id, token = next(link for link in links if "Return policy" in text.split(link[0])[0].splitlines()[-1])

    page = client.http.get(path)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert 'action="/api/help/articles/' in page.body.decode()  # the stage's path, as on API Gateway

    def press() -> int:
        return client.http.post(f"/help/articles/{article_id}/solved", headers=FORM,
                                body=urlencode({"s": token}).encode()).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: press(), range(8)))
    assert statuses == [200] * 8

    read = call(client, "GET", f"/tickets/{ticket['id']}", keys["agent_tier1"]).json_body["ticket"]
    assert read["status"] == "resolved"
    served = [e for e in read["events"] if e["action"] == "ticket.self_served"]
    assert len(served) == 1 and served[0]["detail"]["article_id"] == article_id
    today = datetime.now(UTC).date().isoformat()
    stats = call(client, "GET", f"/kb/stats?from={today}&to={today}", keys["admin"]).json_body["stats"]
    assert stats["totals"]["self_served"] == 1
    assert stats["totals"]["suggestion_clicks"] == 1
    assert stats["totals"]["suggestions_sent"] == len(links)

    # a token for another article, or a forged one, resolves nothing
    other = client.http.post(f"/help/articles/{links[-1][1] if links[-1][1] != article_id else 'A-' + '0' * 26}/solved",
                             headers=FORM, body=urlencode({"s": token + "x"}).encode())
    assert other.status_code in (403, 404)


def test_agents_get_suggested_articles_for_a_ticket(client, keys):
    _import_samples(client, keys)
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        language="es", subject="Paquete perdido", body="Mi paquete no ha llegado y el seguimiento no se mueve.")
    ).json_body["ticket"]

    answer = call(client, "GET", f"/tickets/{ticket['id']}/suggested-articles", keys["agent_tier1"])
    assert answer.status_code == 200
    titles = [a["title"] for a in answer.json_body["articles"]]
    assert titles and titles[0] == "Mi paquete llega tarde o no ha llegado"
    assert call(client, "GET", f"/tickets/{ticket['id']}/suggested-articles", keys["storefront"]).status_code == 403


def test_help_centre_pages_speak_the_visitors_language_and_carry_strict_headers(client, keys):
    ids = _import_samples(client, keys)

    home = client.http.get("/help", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    assert home.status_code == 200
    html = home.body.decode()
    assert 'lang="es"' in html and "Centro de ayuda" in html and "Devoluciones" in html
    assert home.headers["Content-Language"] == "es"
    csp = home.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in html

    english = client.http.get("/help?lang=en", headers={"Accept-Language": "es"}).body.decode()
    assert "Help centre" in english and "Return policy" in english

    results = client.http.get("/help/search?q=devoluci%C3%B3n&lang=es").body.decode()
    assert results.index("Devoluciones") < results.index("</ol>")

    article = client.http.get(f"/help/articles/{ids[('en', 'return-policy')]}").body.decode()
    assert "Did this answer your question?" in article and "Español" in article  # its translation

    vote = client.http.post(f"/help/articles/{ids[('en', 'return-policy')]}/feedback", headers=FORM,
                            body=b"helpful=yes&lang=en")
    assert vote.status_code == 303
    assert urlsplit(vote.headers["Location"]).path == f"/help/articles/{ids[('en', 'return-policy')]}"
    after = client.http.get(vote.headers["Location"].split("#")[0]).body.decode()
    assert "Thank you for your feedback." in after
    read = call(client, "GET", f"/kb/articles/{ids[('en', 'return-policy')]}", keys["admin"]).json_body["article"]
    assert read["stats"]["helpful_yes"] == 1
    assert [t["language"] for t in read["translations"]] == ["es"]

    assert client.http.get("/help/articles/A-" + "0" * 26).status_code == 404
    assert client.http.get("/help/categories/return_refund?lang=es").status_code == 200
    assert client.http.get("/help/assets/help.css").headers["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/help", "/help/search?q=x", "/kb/search?q=x"])
def test_public_knowledge_base_routes_need_no_key(client, keys, path):
    assert client.http.get(path).status_code == 200
