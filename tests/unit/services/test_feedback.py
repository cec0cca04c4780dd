"""The feedback loop's services on the in-memory ports, with the clock moved by hand: surveys
(one answer however many arrive at once, expiry, cancellation, the per-customer period),
service recovery, the KPI consumer's replays, and recurring-problem alerts."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest

from chalicelib.adapters.streams import StreamChange
from chalicelib.services import intake, kpis, remedies, surveys, tickets
from chalicelib.services.schemas import FollowUp, NewTicket, RemedyIn, StatusChange
from tests.unit.services.conftest import STOREFRONT, TIER1, TIER2

LINK = re.compile(r"/survey/([A-Za-z0-9._-]+)")


def opened(fake, email: str = "jane@example.org", **extra):
    body = NewTicket.model_validate({"customer": {"email": email, "name": "Jane"}, "subject": "Kettle broken",
                                     "body": "My kettle stopped working after two days.", **extra})
    return intake.open_from_api(fake.desk, body, STOREFRONT, None).ticket


def resolve(fake, ticket_id: str):
    return tickets.set_status(fake.desk, ticket_id, StatusChange(status="resolved"), TIER1)


def token_of(fake, email: str = "jane@example.org") -> str:
    found = {t for m in fake.mail_to(email) for t in LINK.findall(m.get_body(("plain",)).get_content())}
    assert len(found) == 1, found
    return found.pop()


@pytest.fixture(autouse=True)
def public_base_url(fake):
    """Where customers reach the API: survey links point there."""
    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": "https://support.example.com/api"})


@pytest.fixture
def surveyed(fake):
    ticket = opened(fake)
    resolve(fake, ticket.id)
    return ticket, token_of(fake)


def test_without_a_public_address_no_survey_is_sent_and_the_ticket_says_why(fake):
    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": ""})
    ticket = opened(fake)
    resolve(fake, ticket.id)
    assert tickets.load(fake.desk, ticket.id).survey is None
    skipped = [e for e in tickets.history(fake.desk, ticket.id, TIER2).events if e.action == "survey.skipped"]
    assert "PUBLIC_BASE_URL" in skipped[0].detail["why"]


def test_resolving_mails_the_notice_and_the_survey(fake, surveyed):
    ticket, token = surveyed
    subjects = [str(m["Subject"]) for m in fake.mail_to("jane@example.org")]
    assert any("resolved" in s for s in subjects) and any("How did we do" in s for s in subjects)
    stored = tickets.load(fake.desk, ticket.id)
    assert stored.survey is not None and stored.survey.status == "pending"
    assert stored.survey.expires_at == fake.clock.now + timedelta(days=14)
    history = tickets.history(fake.desk, ticket.id, TIER2)
    assert token not in str(history)  # neither messages nor events carry the link


def test_sixteen_answers_at_once_make_one_answer(fake, surveyed):
    ticket, token = surveyed
    pages: list[object] = []
    closed: list[str] = []

    def answer(n: int) -> None:
        try:
            pages.append(surveys.submit(fake.desk, token, {"csat": str(1 + n % 5), "nps": "9", "comment": f"#{n}"}))
        except surveys.SurveyClosed as error:
            closed.append(error.reason)

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pages) == 1 and closed == ["answered"] * 15
    stored = tickets.load(fake.desk, ticket.id)
    answered = [e for e in tickets.history(fake.desk, ticket.id, TIER2).events if e.action == "survey.answered"]
    assert len(answered) == 1 and stored.survey and stored.survey.comment == answered[0].detail["comment"]


def test_links_expire_and_reopening_cancels(fake, surveyed):
    _ticket, token = surveyed
    fake.clock.advance(days=15)
    with pytest.raises(surveys.SurveyClosed) as expired:
        surveys.open_link(fake.desk, token, "5")
    assert expired.value.reason == "expired"

    other = opened(fake, "sam@example.org")
    resolve(fake, other.id)
    sams = token_of(fake, "sam@example.org")
    tickets.add_customer_message(fake.desk, other.id, FollowUp(body="It broke again"), STOREFRONT)
    with pytest.raises(surveys.SurveyClosed) as cancelled:
        surveys.submit(fake.desk, sams, {"csat": "5"})
    assert cancelled.value.reason == "cancelled"


def test_a_survey_cancelled_by_a_reopening_is_sent_again_at_the_next_resolution(fake, surveyed):
    ticket, token = surveyed
    tickets.add_customer_message(fake.desk, ticket.id, FollowUp(body="Not fixed yet"), STOREFRONT)
    fake.clock.advance(days=2)
    resolve(fake, ticket.id)
    again = tickets.load(fake.desk, ticket.id).survey
    assert again is not None and again.status == "pending"
    with pytest.raises(surveys.SurveyClosed):
        surveys.open_link(fake.desk, token, None)  # the first link stays closed
    newest = [t for m in fake.mail_to("jane@example.org") for t in LINK.findall(m.get_body(("plain",)).get_content())]
    assert surveys.open_link(fake.desk, newest[-1], "5").csat == 5


def test_a_rating_given_before_the_ticket_reopens_is_kept(fake, surveyed):
    ticket, token = surveyed
    surveys.open_link(fake.desk, token, "4")
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="open"), TIER1)
    stored = tickets.load(fake.desk, ticket.id).survey
    assert stored and (stored.status, stored.csat) == ("answered", 4)


def test_bad_answers_change_nothing(fake, surveyed):
    ticket, token = surveyed
    version = tickets.load(fake.desk, ticket.id).version
    assert surveys.submit(fake.desk, token, {"csat": "7"}).error == "csat"
    assert surveys.submit(fake.desk, token, {"csat": "3", "nps": "12"}).error == "nps"
    assert surveys.open_link(fake.desk, token, "six").error == "csat"
    assert tickets.load(fake.desk, ticket.id).version == version


def test_a_one_click_poor_rating_starts_recovery_and_the_comment_follows(fake, surveyed):
    ticket, token = surveyed
    page = surveys.open_link(fake.desk, token, "1")
    assert page.recovery
    stored = tickets.load(fake.desk, ticket.id)
    assert (stored.status, stored.tier, stored.apology_requested) == ("open", 2, True)
    assert fake.mail_to("tier2@example.com")

    done = surveys.submit(fake.desk, token, {"nps": "2", "comment": "Took forever"})
    assert done.state == "recovery" and done.csat == 1
    stored = tickets.load(fake.desk, ticket.id)
    assert stored.tier == 2 and stored.reopened_count == 1  # recovered once, not twice
    notes = [m for m in tickets.history(fake.desk, ticket.id, TIER2).messages if m.direction == "note"]
    assert len(notes) == 2 and any("Took forever" in n.body and "NPS 2/10" in n.body for n in notes)


def test_one_survey_per_customer_per_period(fake, surveyed):
    second = opened(fake)
    resolve(fake, second.id)
    assert tickets.load(fake.desk, second.id).survey is None
    fake.clock.advance(days=31)
    third = opened(fake)
    resolve(fake, third.id)
    assert tickets.load(fake.desk, third.id).survey is not None


def test_a_granted_remedy_mails_the_customer(fake):
    ticket = opened(fake, "rosa@example.org", language="fr")
    remedies.request(fake.desk, ticket.id, RemedyIn.model_validate(
        {"type": "return_label", "reason": "faulty", "currency": "EUR"}), TIER1, None)
    [mail] = [m for m in fake.mail_to("rosa@example.org") if "accordé" in str(m["Subject"])]
    text = mail.get_body(("plain",)).get_content()
    assert "RMA-" in text and "étiquette de retour" in text


def _change(event_id, old, new):
    return StreamChange(event_id, "MODIFY" if old else "INSERT", old, new)


def test_the_consumer_counts_each_event_once(fake, surveyed):
    ticket, _ = surveyed
    stored = tickets.load(fake.desk, ticket.id)
    batch = [_change("e1", None, stored)]
    assert len(kpis.consume(fake.desk, batch).counted) == 1
    assert kpis.consume(fake.desk, batch).counted == {}  # delivered again
    figures = kpis.figures(fake.desk, None, None)["metrics"]
    assert figures["tickets_opened"] == 1 and figures["tickets_resolved"] == 1 and figures["surveys_sent"] == 1
    fake.clock.advance(hours=23)  # the stream keeps a record 24 hours: its marker is still there
    assert kpis.consume(fake.desk, batch).counted == {}
    assert kpis.record_deflection(fake.desk, "search-1", "billing")
    assert not kpis.record_deflection(fake.desk, "search-1", "billing")
    assert kpis.figures(fake.desk, None, None)["metrics"]["self_service_deflections"] == 1


def test_a_defect_burst_raises_one_alert_per_window(fake):
    made = [opened(fake, f"b{n}@example.org", sku="KT-1", subject="Broken kettle",
                   body="The kettle is defective: it does not heat and smells burnt.") for n in range(5)]
    assert all(t.category == "product_defect" for t in made)
    for n, ticket in enumerate(made):
        kpis.consume(fake.desk, [_change(f"i{n}", None, ticket)])
    kpis.consume(fake.desk, [_change(f"i{n}", None, t) for n, t in enumerate(made)])  # replayed
    defects = [d for kind, d in fake.bus.published if kind == "DefectPatternDetected"]
    assert len(defects) == 1 and set(defects[0]["ticket_ids"]) == {t.id for t in made[:3]}
    assert len(fake.mail_to("quality@example.com")) == 2  # the defect and the category spike

    fake.clock.advance(days=8)  # the next window
    later = [opened(fake, f"c{n}@example.org", sku="KT-1", subject="Broken kettle",
                    body="The kettle is defective: it does not heat.") for n in range(3)]
    kpis.consume(fake.desk, [_change(f"j{n}", None, t) for n, t in enumerate(later)])
    assert len([d for kind, d in fake.bus.published if kind == "DefectPatternDetected"]) == 2


def test_a_category_spike_against_its_trailing_average(fake):
    for day in range(7):  # two billing tickets a day
        for n in range(2):
            kpis.consume(fake.desk, [_change(f"d{day}-{n}", None, opened(fake, f"x{day}{n}@example.org",
                                                                            subject="Invoice question",
                                                                            body="Please send my invoice."))])
        fake.clock.advance(days=1)
    assert not [k for k, _ in fake.bus.published if k == "CategorySpikeDetected"]
    burst = [opened(fake, f"y{n}@example.org", subject="Charged twice", body="I was charged twice for my order, "
                    "please refund the duplicate payment.") for n in range(6)]
    kpis.consume(fake.desk, [_change(f"s{n}", None, t) for n, t in enumerate(burst)])
    spikes = [d for k, d in fake.bus.published if k == "CategorySpikeDetected"]
    assert len(spikes) == 1 and spikes[0]["category"] == burst[0].category and spikes[0]["count"] >= 6


def test_tickets_after_an_alert_neither_list_occurrences_nor_compose_it_again(fake, monkeypatch):
    """A busy day keeps spiking after its alert: each later ticket costs one claim read, not a
    listing of the day's occurrences and a mail composed for nothing."""
    for day in range(7):
        kpis.consume(fake.desk, [_change(f"d{day}", None, opened(fake, f"x{day}@example.org",
                                                                subject="Invoice question", body="Please send my invoice."))])
        fake.clock.advance(days=1)
    burst = [opened(fake, f"y{n}@example.org", subject="Charged twice",
                    body="I was charged twice for my order, please refund the duplicate payment.") for n in range(12)]
    kpis.consume(fake.desk, [_change(f"s{n}", None, t) for n, t in enumerate(burst[:6])])
    assert len([k for k, _ in fake.bus.published if k == "CategorySpikeDetected"]) == 1
    listed: list[str] = []
    real_recent = fake.store.patterns.recent
    monkeypatch.setattr(fake.store.patterns, "recent", lambda subject, *a: listed.append(subject) or real_recent(subject, *a))

    for n, ticket in enumerate(burst[6:]):
        kpis.consume(fake.desk, [_change(f"t{n}", None, ticket)])

    assert listed == []
    assert len([k for k, _ in fake.bus.published if k == "CategorySpikeDetected"]) == 1
    assert len(fake.mail_to("quality@example.com")) == 1


def test_tickets_solved_with_a_suggested_article_count_as_deflections(fake):
    day = fake.clock.now.date().isoformat()
    fake.store.articles.count_daily(day, "self_served", ["T-0ABCDE1234"])
    fake.store.articles.count_daily(day, "self_served", ["T-0ABCDE1234"])  # the same ticket again
    fake.store.articles.count_daily(day, "self_served", ["T-0ABCDE5678"])
    result = kpis.figures(fake.desk, None, None, "week")
    assert result["metrics"]["self_service_deflections"] == 2
    assert sum(g["self_service_deflections"] for g in result["groups"]) == 2
