"""The fault suite runs only when asked for (``-m fault``, ``make fault``): it takes minutes and
starts its own PostgreSQL, Redis, app servers and task workers."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config, items):
    if "fault" in (config.getoption("-m") or "").replace("not fault", ""):
        return
    skip = pytest.mark.skip(reason="fault suite: run with -m fault (make fault)")
    for item in items:
        if item.get_closest_marker("fault"):
            item.add_marker(skip)
