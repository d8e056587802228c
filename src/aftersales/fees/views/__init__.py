"""Web screens of fees (namespace ``fees``): bills and the desk, arrears, home collections,
fee standards and the import of payments."""

from aftersales.fees.views import arrears, bills, collections, standards  # noqa: F401
