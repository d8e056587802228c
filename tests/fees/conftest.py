import pytest

from tests.conftest import make_user


@pytest.fixture
def cashier(project_a):
    return make_user("cashier_a", ["agent", "finance"], [project_a], name="收银甲")


@pytest.fixture
def priced(admin, project_a):
    from aftersales.fees.services import set_fee_standard

    set_fee_standard(admin, project_a, price_per_sqm="2.35")
    return project_a


@pytest.fixture
def bill_a(admin, priced, house_a):
    from aftersales.fees.services import create_bill

    return create_bill(admin, house_a, period="2026-09")
