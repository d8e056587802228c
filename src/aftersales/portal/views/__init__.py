"""The owner's pages (R-SS-1): sign-in by text code, and his own houses, reports and tickets.

``owner_only`` is the door of every owner page, also of the pages other apps add to the portal
(paid-service booking, fee bills): anonymous → code sign-in, not an owner → 403, a record out
of his scope → 404."""

from aftersales.portal.views import pages, signin
from aftersales.portal.views._common import form_errors, owner_only

__all__ = ["form_errors", "owner_only", "pages", "signin"]
