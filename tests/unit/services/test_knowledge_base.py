"""Knowledge-base services on the in-memory ports: writing articles under concurrency, imports
that update instead of duplicating, search that notices other containers' changes, and
self-service: suggestions in the acknowledgement and a deflection counted once."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from chalicelib.domain.access import Caller
from chalicelib.errors import Conflict, Forbidden
from chalicelib.services import intake, kb, kb_search, self_service, tickets
from chalicelib.services.kb_schemas import ArticleUpdate, ImportRequest, NewArticle
from chalicelib.services.schemas import NewTicket, StatusChange
from scripts import kb_files
from tests.unit.services.conftest import STOREFRONT, TIER1

ADMIN = Caller(role="admin", key_id="admin-key", label="admin")
SAMPLES = Path(__file__).resolve().parents[3] / "devstack" / "help_centre"


@pytest.fixture
def help_centre(fake):
    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": "https://shop.example/api"})
    request = ImportRequest.model_validate({"articles": [f.request() for f in kb_files.read_folder(SAMPLES)]})
    done = kb.import_articles(fake.desk, request, ADMIN)
    return {(d.article.language, d.article.slug): d.article for d in done}


def _open(fake, subject: str, body: str, **more):
    request = NewTicket.model_validate({"customer": {"email": "kim@example.org", "name": "Kim"}, "subject": subject,
                                        "body": body, **more})
    return intake.open_from_api(fake.desk, request, STOREFRONT, None).ticket


def _links(fake, address="kim@example.org"):
    [ack] = fake.mail_to(address)
    text = ack.get_body(preferencelist=("plain",)).get_content()
    return text, re.findall(r"https://shop\.example/api/help/articles/(A-\w+)\?s=([\w.\-]+)", text)


def test_a_second_import_updates_instead_of_duplicating(fake, help_centre):
    again = kb.import_articles(fake.desk, ImportRequest.model_validate(
        {"articles": [f.request() for f in kb_files.read_folder(SAMPLES)]}), ADMIN)
    assert {d.action for d in again} == {"unchanged"}

    changed = [f.request() for f in kb_files.read_folder(SAMPLES) if f.slug == "return-policy"]
    changed[0]["title"] = "Returns"
    [done] = kb.import_articles(fake.desk, ImportRequest.model_validate({"articles": changed}), ADMIN)
    assert (done.action, done.article.title, done.article.version) == ("updated", "Returns", 2)
    spanish = help_centre[("es", "devoluciones")]
    assert spanish.translation_group == help_centre[("en", "return-policy")].translation_group
    assert [a.language for a in kb.translations(fake.desk, spanish)] == ["en"]


def test_sixteen_editors_at_once_each_get_a_version_of_their_own(fake):
    article = kb.create(fake.desk, NewArticle(title="Size guide", body="Measure.", language="en"), ADMIN)

    def edit(n: int) -> int:
        return kb.update(fake.desk, article.id, ArticleUpdate(tags=[f"tag{n}"]), ADMIN).version

    with ThreadPoolExecutor(16) as pool:
        versions = list(pool.map(edit, range(16)))

    assert sorted(versions) == list(range(2, 18))
    assert len(kb.versions(fake.desk, article.id)) == 17
    with pytest.raises(Conflict):
        kb.update(fake.desk, article.id, ArticleUpdate(title="late", expected_version=3), ADMIN)


def test_search_notices_a_change_made_by_another_container(fake, help_centre, monkeypatch):
    assert kb_search.search(fake.desk, "origami", "en") == []
    article = kb.create(fake.desk, NewArticle(title="Origami gift wrapping", body="We fold origami.", language="en",
                                              status="published"), ADMIN)
    kb_search.search(fake.desk, "origami", "en")  # this container's index now has it
    # Another container retires it: this one has not been told, but the revision moved on.
    other = fake.desk.store.articles
    retired = article.model_copy(update={"status": "retired", "version": 2})
    other.save(retired, 1, kb.versions(fake.desk, article.id)[0].model_copy(update={"version": 2}))
    assert kb_search.search(fake.desk, "origami", "en")  # within the check interval: cached
    monkeypatch.setattr(kb_search, "REVISION_CHECK_SECONDS", 0.0)
    assert kb_search.search(fake.desk, "origami", "en") == []


def test_the_acknowledgement_suggests_articles_in_the_customers_language(fake, help_centre):
    ticket = _open(fake, "Paquete perdido", "Hola, mi paquete no ha llegado y el seguimiento no se mueve.")

    text, links = _links(fake)
    assert ticket.language == "es"
    assert 1 <= len(links) <= 3
    assert "Mi paquete llega tarde o no ha llegado" in text and "Esto lo resolvió" in text
    assert all(self_service.ticket_of(fake.desk, token, article) == ticket.id for article, token in links)


def test_no_suggestions_without_a_public_address_or_when_search_fails(fake, help_centre, monkeypatch):
    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": ""})
    _open(fake, "Returning shoes", "How do I return my shoes?")
    assert _links(fake)[1] == []

    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": "https://shop.example/api"})

    def broken(*args, **kwargs):
        raise RuntimeError("index broke")

    monkeypatch.setattr(kb_search, "suggest", broken)
    _open(fake, "Returning boots", "How do I return my boots?", customer={"email": "lee@example.org"})
    text, links = _links(fake, "lee@example.org")
    assert links == [] and "We have opened ticket" in text  # acknowledged all the same


def test_this_solved_it_pressed_sixteen_times_at_once_resolves_and_counts_once(fake, help_centre):
    ticket = _open(fake, "Refund", "When will I get my refund for the returned kettle?")
    _, links = _links(fake)
    article_id, token = links[0]

    with ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(lambda _: self_service.solved(fake.desk, token, article_id), range(16)))

    assert sum(o.resolved_now for o in outcomes) == 1
    resolved = tickets.load(fake.desk, ticket.id)
    assert resolved.status == "resolved" and resolved.first_contact_resolution is True
    events, _ = fake.store.tickets.events(ticket.id, 50)
    assert [e.action for e in events].count("ticket.self_served") == 1
    day = fake.clock.now.date().isoformat()
    assert self_service.stats(fake.desk, day, day)["totals"]["self_served"] == 1
    assert fake.store.articles.stats([article_id])[article_id].solved == 1

    # reopened by the customer, then pressed again: it resolves, the day still counts one ticket
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="open"), TIER1)
    assert self_service.solved(fake.desk, token, article_id).resolved_now
    assert self_service.stats(fake.desk, day, day)["totals"]["self_served"] == 1


def test_a_suggestion_link_works_only_for_its_own_article(fake, help_centre):
    ticket = _open(fake, "Refund", "When will I get my refund for the returned kettle?")
    _, links = _links(fake)
    article_id, token = links[0]
    other = next(a.id for a in help_centre.values() if a.id != article_id)

    with pytest.raises(Forbidden):
        self_service.solved(fake.desk, token, other)
    with pytest.raises(Forbidden):
        self_service.solved(fake.desk, token[:-2] + "xx", article_id)
    assert self_service.opened(fake.desk, token, other) is None
    assert tickets.load(fake.desk, ticket.id).status != "resolved"
