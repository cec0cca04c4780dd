"""The feedback loop's pure rules: survey links, scores, recovery, KPI arithmetic, alert rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import kpis, patterns, surveys
from chalicelib.domain.models import OutboxItem, Remedy, SlaDeadlines, Survey, Ticket

SECRET = "a-secret-of-sixteen+"
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def ticket(**changes) -> Ticket:
    base = Ticket(id="T-0ABCDE1234", category="billing", priority="normal", language="en", subject="s",
                  customer_email="c@example.org", created_at=T0, updated_at=T0,
                  sla=SlaDeadlines(first_response_due=T0 + timedelta(hours=4)))
    return base.model_copy(update=changes)


class TestLinks:
    def test_a_signed_link_verifies_and_names_its_ticket_and_survey(self):
        token = surveys.sign("T-0ABCDE1234", "01ARZ3NDEKTSV4RRFFQ69G5FAV", SECRET)
        assert surveys.verify(token, SECRET) == ("T-0ABCDE1234", "01ARZ3NDEKTSV4RRFFQ69G5FAV")

    @pytest.mark.parametrize("mangle", [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: t.replace("T-0ABCDE1234", "T-0ABCDE1235"),  # another ticket
        lambda t: t.rsplit(".", 1)[0],  # no signature
        lambda t: t + "x", lambda t: "", lambda t: "../../etc/passwd", lambda t: t.lower(),
    ])
    def test_anything_else_is_refused(self, mangle):
        token = surveys.sign("T-0ABCDE1234", "01ARZ3NDEKTSV4RRFFQ69G5FAV", SECRET)
        assert surveys.verify(mangle(token), SECRET) is None

    def test_another_secret_refuses_the_link(self):
        token = surveys.sign("T-0ABCDE1234", "01ARZ3NDEKTSV4RRFFQ69G5FAV", SECRET)
        assert surveys.verify(token, "another-secret-of-16") is None

    @given(st.text(max_size=120))
    def test_no_text_crashes_verification(self, text):
        assert surveys.verify(text, SECRET) is None


class TestScores:
    @pytest.mark.parametrize("raw, expected", [("1", 1), ("5", 5), (" 3 ", 3), (4, 4)])
    def test_csat_in_range(self, raw, expected):
        assert surveys.score(raw, "rating", surveys.CSAT_RANGE) == expected

    @pytest.mark.parametrize("raw", ["0", "6", "-1", "3.5", "abc", "1e1", "05x", "99999"])
    def test_csat_out_of_range(self, raw):
        with pytest.raises(surveys.BadScore):
            surveys.score(raw, "rating", surveys.CSAT_RANGE)

    def test_nps_may_be_left_out_csat_may_be_required(self):
        assert surveys.score("", "nps", surveys.NPS_RANGE) is None
        assert surveys.score("0", "nps", surveys.NPS_RANGE) == 0
        with pytest.raises(surveys.BadScore):
            surveys.score(None, "rating", surveys.CSAT_RANGE, required=True)

    def test_classes(self):
        assert [surveys.nps_class(n) for n in (0, 6, 7, 8, 9, 10)] == \
            ["detractor", "detractor", "passive", "passive", "promoter", "promoter"]
        assert surveys.satisfied(4) and not surveys.satisfied(3)


class TestRecovery:
    @pytest.mark.parametrize("csat, nps, comment, expected", [
        (1, None, "", True), (2, 10, "great", True), (3, None, "", False),
        (4, 6, "Nobody answered for a week, terrible", True), (None, 3, "still broken", True),
        (4, 5, "Thanks, all good", False), (4, 7, "terrible", False), (None, 6, "", False),
        (5, 2, "Servicio pésimo", True), (5, 0, "Ich bin sehr enttäuscht", True),
    ])
    def test_who_gets_recovered(self, csat, nps, comment, expected):
        assert surveys.needs_recovery(csat, nps, comment) is expected

    def test_cues_match_whole_words_only(self):
        assert not surveys.negative_comment("badminton racket arrived, lovely")
        assert surveys.negative_comment("It was BAD.")


class TestLinkState:
    def test_states(self):
        later = T0 + timedelta(days=1)
        assert surveys.link_state("pending", later, T0).usable
        assert surveys.link_state("rated", later, T0).usable
        assert surveys.link_state("pending", T0, later).reason == "expired"
        assert surveys.link_state("answered", later, T0).reason == "answered"
        assert surveys.link_state("cancelled", later, T0).reason == "cancelled"
        assert surveys.link_state(None, None, T0).reason == "unknown"


class TestKpis:
    def test_buckets_hold_their_upper_edge(self):
        assert kpis.bucket_of(0) == 0 and kpis.bucket_of(60) == 0 and kpis.bucket_of(61) == 1
        assert kpis.bucket_of(10**9) == len(kpis.BUCKET_EDGES) - 1

    def test_a_ticket_counts_under_the_totals_and_each_dimension(self):
        found = kpis.ticket_contributions(ticket(channel="email"), "UTC")
        day = "2026-11-24"
        assert found[("all", day)] == {"opened": 1}
        assert found[("category", day)] == {"billing|opened": 1}
        assert found[("channel", day)] == {"email|opened": 1}
        assert found[("priority", day)] == {"normal|opened": 1}
        assert found[("volume", day)] == {"category|billing": 1, "channel|email": 1, "priority|normal": 1}

    def test_days_are_the_stores(self):
        late = ticket(created_at=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
        assert ("all", "2026-11-25") in kpis.ticket_contributions(late, "Europe/Berlin")

    def test_reopening_takes_back_what_resolving_added(self):
        resolved = ticket(status="resolved", first_response_at=T0 + timedelta(minutes=30),
                          resolved_at=T0 + timedelta(hours=3), first_contact_resolution=True)
        added = kpis.delta(ticket(), resolved, "UTC")
        assert added[("all", "2026-11-24")] == {
            "fr_n": 1, "fr_sum": 1800, "fr_b3": 1, "res_n": 1, "res_sum": 10800, "res_b6": 1, "fcr": 1}
        reopened = resolved.model_copy(update={"status": "open", "resolved_at": None})
        taken = kpis.delta(resolved, reopened, "UTC")
        assert taken[("all", "2026-11-24")] == {"res_n": -1, "res_sum": -10800, "res_b6": -1, "fcr": -1}
        assert kpis.combine([added, taken])[("all", "2026-11-24")] == {"fr_n": 1, "fr_sum": 1800, "fr_b3": 1}

    def test_a_corrected_category_moves_the_ticket(self):
        moved = kpis.delta(ticket(), ticket(category="product_defect"), "UTC")
        assert moved == {("category", "2026-11-24"): {"product_defect|opened": 1, "billing|opened": -1},
                         ("volume", "2026-11-24"): {"category|product_defect": 1, "category|billing": -1}}

    def test_survey_answers(self):
        at = T0 + timedelta(days=1)
        answered = ticket(survey=Survey(id="S", sent_at=T0, expires_at=at, status="answered", csat=4, nps=3,
                                        rated_at=at, answered_at=at, recovery=True))
        found = kpis.ticket_contributions(answered, "UTC")[("all", "2026-11-25")]
        assert found == {"csat_n": 1, "csat_4": 1, "csat_sat": 1, "nps_n": 1, "nps_det": 1, "recoveries": 1}

    def test_only_granted_remedies_cost(self):
        remedy = Remedy(id="R", ticket_id="T", type="refund", status="awaiting_approval", amount="10.50",
                        currency="eur", requested_by="agent_tier1:a", requested_at=T0, ticket_category="billing")
        assert kpis.remedy_contributions(remedy, "UTC") == {}
        granted = remedy.model_copy(update={"status": "granted", "decided_by": "agent_tier2:b", "decided_at": T0})
        found = kpis.remedy_contributions(granted, "UTC")[("remedy", "2026-11-24")]
        assert found["cost|tier|2|EUR"] == Decimal("10.50") and found["cost|category|billing|EUR"] == Decimal("10.50")

    def test_proactive_notices_count_when_sent(self):
        work = OutboxItem(id="w", ticket_id="T", kind="email", purpose="delay_notice", created_at=T0,
                          next_attempt_at=T0)
        assert kpis.outbox_contributions(work, "UTC") == {}
        sent = work.model_copy(update={"status": "sent", "done_at": T0})
        assert kpis.outbox_contributions(sent, "UTC")[("desk", "2026-11-24")]["proactive_sent"] == 1

    def test_percentiles_are_the_nearest_ranks_bucket_edge(self):
        histogram = [0] * len(kpis.BUCKET_EDGES)
        histogram[0], histogram[4], histogram[9] = 5, 4, 1  # 60 s ×5, 1 h ×4, 1 d ×1
        assert kpis.percentile_edge(histogram, 0.5) == 60
        assert kpis.percentile_edge(histogram, 0.9) == 3600
        assert kpis.percentile_edge(histogram, 0.91) == 86400
        assert kpis.percentile_edge([0] * len(histogram), 0.5) is None

    def test_figures(self):
        counters = {"opened": Decimal(10), "breached": Decimal(2), "esc_t2": Decimal(3), "res_n": Decimal(4),
                    "fcr": Decimal(1), "csat_n": Decimal(4), "csat_sat": Decimal(3), "nps_n": Decimal(5),
                    "nps_pro": Decimal(3), "nps_det": Decimal(1)}
        figures = kpis.ticket_figures(counters)
        assert figures["sla_breach_rate"] == 0.2 and figures["first_contact_resolution_rate"] == 0.25
        assert figures["csat"] == 75.0 and figures["nps"] == 40.0
        assert figures["escalation_rate"] == {"tier2": 0.3, "tier3": 0.0}
        empty = kpis.ticket_figures({})
        assert empty["csat"] is None and empty["sla_breach_rate"] is None

    def test_groupings(self):
        assert kpis.group_key("2026-11-24", "week") == "2026-W48"
        assert kpis.group_key("2026-11-24", "month") == "2026-11"
        assert kpis.days_between(date(2026, 2, 27), date(2026, 3, 1)) == ["2026-02-27", "2026-02-28", "2026-03-01"]


class TestPatterns:
    def test_skus_compare_as_people_type_them(self):
        assert patterns.normal_sku(" kt-100 ") == "KT-100" and patterns.normal_sku("") is None

    def test_a_defect_ticket_counts_once_under_its_sku(self):
        defect = ticket(category="product_defect", sku="kt-1")
        assert patterns.newly_counted(None, defect, patterns.defect_subject) == "sku:KT-1"
        assert patterns.newly_counted(defect, defect.model_copy(update={"version": 2}),
                                      patterns.defect_subject) is None
        assert patterns.newly_counted(ticket(sku="kt-1"), defect, patterns.defect_subject) == "sku:KT-1"
        assert patterns.newly_counted(None, ticket(sku="kt-1"), patterns.defect_subject) is None

    def test_recurrence_and_spikes(self):
        rule = patterns.DefectRule(threshold=3)
        assert not patterns.recurring(2, rule) and patterns.recurring(3, rule)
        spike = patterns.SpikeRule(factor=3, min_count=5, trailing_days=7)
        assert patterns.spiking(5, [0] * 7, spike)
        assert not patterns.spiking(4, [0] * 7, spike)  # too few to call it a spike
        assert not patterns.spiking(20, [10] * 7, spike) and patterns.spiking(30, [10] * 7, spike)
