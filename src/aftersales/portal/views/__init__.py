"""The owner's pages (R-SS-1): sign-in by text code, and his own houses, reports and tickets."""

from aftersales.portal.views import pages, signin

__all__ = ["pages", "signin"]
