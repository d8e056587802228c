"""Property-based fuzzing of the whole API from its own OpenAPI schema: bad input of any shape
gets a 4xx answer in the api.md error format, never a 500.

Every operation of the schema is exercised, with at most ``FUZZ_EXAMPLES`` cases each
(environment ``AFTERSALES_FUZZ_EXAMPLES``, default 10), derandomised (the same cases on every
run) and without the example database, so a CI failure reproduces locally. The number of cases
sent and of 5xx answers is printed at the end of the run.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from aftersales.accounts.services import create_user, issue_token
from aftersales.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

FUZZ_EXAMPLES = int(os.environ.get("AFTERSALES_FUZZ_EXAMPLES", "10"))
TALLY: Counter = Counter()


def summary() -> str:
    """The line printed at the end of the run (by ``pytest_terminal_summary`` in conftest)."""
    return (
        f"schemathesis: {TALLY['operations']} operations, {TALLY['cases']} cases, "
        f"{TALLY['5xx']} answers 5xx"
    )


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
    TALLY["operations"] += 1
    user = create_user(
        None, username="fuzz-admin", password="x", roles=["admin"], check_password=False
    )
    return issue_token(user)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    TALLY["cases"] += 1
    if response.status_code >= 500:
        TALLY["5xx"] += 1
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400:
        headers = {k.lower(): v for k, v in response.headers.items()}
        assert "json" in headers.get("content-type", [""])[0], (
            case.method,
            case.path,
            response.status_code,
        )
        body = response.json()
        if case.path.startswith("/api/v1/"):
            assert {"error", "detail"} <= set(body), body
