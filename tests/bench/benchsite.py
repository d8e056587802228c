"""Settings and URLs for the intake benchmark: the product plus one "floor" endpoint.

The floor is the cheapest request this stack can answer that still does what intake does at
its base: token authentication, JSON parsing, one INSERT in a transaction, a JSON answer. The
benchmark compares intake against it on the same server in the same run.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from aftersales.settings import *  # noqa: E402,F403

ROOT_URLCONF = "benchurls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
