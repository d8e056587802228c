"""The front desk's message templates are registered reference data with known placeholders."""

import pytest

from aftersales.frontdesk.reference import TEMPLATES
from aftersales.notify.models import NotificationTemplate
from aftersales.notify.reference import KNOWN_FIELDS
from aftersales.notify.templates import placeholders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", [t[0] for t in TEMPLATES])
def test_template_is_present_and_uses_only_known_fields(code):
    template = NotificationTemplate.objects.get(code=code)
    used = set(placeholders(template.subject)) | set(placeholders(template.body))
    assert used and used <= set(KNOWN_FIELDS[code])
