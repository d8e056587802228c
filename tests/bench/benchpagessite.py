"""Settings of the page benchmark: the product as in production, plus a query-count header."""

from benchsite import *  # noqa: F403
from benchsite import MIDDLEWARE

ROOT_URLCONF = "aftersales.urls"
MIDDLEWARE = ["benchquerycount.QueryCountMiddleware", *MIDDLEWARE]
