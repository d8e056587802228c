"""Warranty judgement: defaults per component, project terms, refusals (R-WAR-1, R-WAR-2)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.errors import Forbidden, Invalid, NotFound
from aftersales.core.models import AuditEntry
from aftersales.estates.models import ProjectWarrantyTerm, WarrantyComponent
from aftersales.estates.services import (
    house_warranty,
    set_project_warranty_term,
    warranty_months,
    warranty_status,
)
from tests.conftest import make_house

pytestmark = pytest.mark.django_db

DELIVERED = dt.date(2021, 6, 30)


@pytest.fixture
def home(admin, project_a):
    return make_house(admin, project_a, "9-1-901", delivered_on=DELIVERED)


def test_catalogue_defaults():
    months = dict(WarrantyComponent.objects.values_list("code", "months"))
    assert months == {
        "structure": None,
        "roof_waterproofing": 60,
        "leakage": 60,
        "heating_cooling": 24,
        "electrical": 24,
        "plumbing": 24,
        "equipment": 24,
        "decoration": 24,
    }


class TestDefaults:
    def test_leakage_five_years(self, home):
        last_day = warranty_status(home, "leakage", dt.date(2026, 6, 29))
        assert last_day.in_warranty is True
        assert last_day.months == 60
        assert last_day.starts_on == DELIVERED
        assert last_day.expires_on == dt.date(2026, 6, 29)
        assert last_day.component == "leakage"
        assert last_day.component_name
        assert warranty_status(home, "leakage", dt.date(2026, 6, 30)).in_warranty is False

    def test_two_year_components(self, home):
        for code in ("electrical", "plumbing", "equipment", "decoration", "heating_cooling"):
            status = warranty_status(home, code, dt.date(2023, 6, 29))
            assert status.in_warranty and status.expires_on == dt.date(2023, 6, 29), code
            assert not warranty_status(home, code, dt.date(2023, 6, 30)).in_warranty, code

    def test_structure_never_expires(self, home):
        status = warranty_status(home, "structure", dt.date(2090, 1, 1))
        assert status.in_warranty is True
        assert status.months is None
        assert status.expires_on is None

    def test_before_delivery_not_covered(self, home):
        assert not warranty_status(home, "leakage", dt.date(2021, 6, 29)).in_warranty
        assert warranty_status(home, "leakage", DELIVERED).in_warranty

    def test_without_delivery_date_not_covered(self, home):
        home.delivered_on = None
        status = warranty_status(home, "structure", dt.date(2026, 1, 1))
        assert status.in_warranty is False
        assert status.expires_on is None

    def test_month_end_delivery(self, admin, project_a):
        house = make_house(admin, project_a, "9-1-902", delivered_on=dt.date(2024, 1, 31))
        # 24 months after 2024-01-31 is 2026-01-31: the last day covered is the day before.
        assert warranty_status(house, "plumbing", dt.date(2026, 1, 30)).in_warranty
        assert warranty_status(house, "plumbing").expires_on == dt.date(2026, 1, 30)

    def test_today_by_default(self, home):
        import time_machine

        with time_machine.travel(dt.datetime(2026, 6, 29, 23, 0, tzinfo=dt.UTC), tick=False):
            # 2026-06-30 07:00 in Shanghai: one day past the leakage term.
            assert warranty_status(home, "leakage").in_warranty is False
        with time_machine.travel(dt.datetime(2026, 6, 29, 15, 0, tzinfo=dt.UTC), tick=False):
            assert warranty_status(home, "leakage").in_warranty is True

    def test_house_warranty_lists_every_component(self, home):
        statuses = house_warranty(home, dt.date(2024, 1, 1))
        assert [s.component for s in statuses] == list(
            WarrantyComponent.objects.values_list("code", flat=True)
        )
        covered = {s.component: s.in_warranty for s in statuses}
        assert covered["leakage"] and covered["structure"] and not covered["plumbing"]

    def test_unknown_component(self, home):
        with pytest.raises(Invalid) as exc:
            warranty_status(home, "chimney")
        assert exc.value.code == "unknown_component"


class TestProjectTerms:
    def test_longer_project_term(self, admin, home, project_b):
        term = set_project_warranty_term(admin, home.project, "leakage", 96)
        assert term.months == 96
        status = warranty_status(home, "leakage", dt.date(2029, 6, 29))
        assert (
            status.in_warranty and status.expires_on == dt.date(2029, 6, 29) and status.months == 96
        )
        assert not warranty_status(home, "leakage", dt.date(2029, 6, 30)).in_warranty
        other = make_house(admin, project_b, "2-1-201", delivered_on=DELIVERED)
        assert warranty_status(other, "leakage").expires_on == dt.date(2026, 6, 29)

    def test_audited_and_updated_in_place(self, admin, project_a):
        set_project_warranty_term(admin, project_a, "plumbing", 36)
        set_project_warranty_term(admin, project_a, "plumbing", "48")
        assert (
            ProjectWarrantyTerm.objects.get(project=project_a, component__code="plumbing").months
            == 48
        )
        entries = AuditEntry.objects.filter(model="estates.ProjectWarrantyTerm").order_by("id")
        assert [e.action for e in entries] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
        assert entries[1].before == {"months": 36}
        assert entries[1].after["months"] == 48

    def test_equal_to_the_minimum_allowed(self, admin, project_a):
        set_project_warranty_term(admin, project_a, "electrical", 24)
        assert warranty_months(project_a, WarrantyComponent.objects.get(code="electrical")) == 24

    def test_below_minimum_refused(self, admin, project_a):
        with pytest.raises(Invalid) as exc:
            set_project_warranty_term(admin, project_a, "leakage", 48)
        assert exc.value.code == "below_minimum"
        assert "months" in exc.value.fields
        assert not ProjectWarrantyTerm.objects.exists()

    @pytest.mark.parametrize("months", [0, -1, -60, "abc", "", None, True, 1201, 2.5])
    def test_nonsense_months_refused(self, admin, project_a, months):
        with pytest.raises(Invalid) as exc:
            set_project_warranty_term(admin, project_a, "decoration", months)
        assert "months" in exc.value.fields
        assert not ProjectWarrantyTerm.objects.exists()

    def test_unknown_component(self, admin, project_a):
        with pytest.raises((Invalid, NotFound)) as exc:
            set_project_warranty_term(admin, project_a, "chimney", 60)
        assert exc.value.code == "unknown_component"

    def test_agent_may_not_set_terms(self, agent_a, project_a):
        with pytest.raises(Forbidden):
            set_project_warranty_term(agent_a, project_a, "leakage", 96)

    def test_out_of_scope_project_is_not_found(self, admin, project_a, project_b):
        from tests.conftest import make_user

        engineer_b = make_user("engineer_b", ["engineer"], [project_b])
        with pytest.raises(NotFound):
            set_project_warranty_term(engineer_b, project_a, "leakage", 96)
        set_project_warranty_term(engineer_b, project_b, "leakage", 96)
