"""The front desk's rules, one module per service (R-SVC-1..5):

``paid`` (price list, paid services, remittances, the repair ticket judged paid at survey),
``locks`` (lock break/change), ``mail`` (mail and material distribution), ``renovations``
and ``slips`` (item release slips). Callers write ``services.paid.pay(...)``.
"""

from aftersales.frontdesk.services import locks, mail, paid, renovations, slips

__all__ = ["locks", "mail", "paid", "renovations", "slips"]
