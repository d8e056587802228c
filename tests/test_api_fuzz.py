"""Property-based fuzzing of the whole API from its own OpenAPI schema: bad input of any shape
gets a 4xx answer in the api.md error format, never a 500."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from aftersales.accounts.services import create_user, issue_token
from aftersales.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calling the WSGI app directly would close the test's database connection at the end of
    each request (Django's test client avoids this the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    user = create_user(
        None, username="fuzz-admin", password="x", roles=["admin"], check_password=False
    )
    return issue_token(user)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400 and "json" in response.headers.get("Content-Type", [""])[0]:
        body = response.json()
        if case.path.startswith("/api/v1/") and response.status_code != 405:
            assert {"error", "detail"} <= set(body), body
