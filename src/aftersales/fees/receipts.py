"""Receipt numbers: one gap-free sequence per project (R-SVC-1, R-SVC-6).

Every receipt of fees is numbered by :func:`next_receipt_number` and by nothing else, so that
the sequence can be shared with the other paid services of the front desk by changing this one
function. The counter row is locked by the paying transaction (``core.numbering``): two cashiers
paying at once get consecutive numbers, and a payment that rolls back gives its number back.
"""

from __future__ import annotations

from aftersales.core.numbering import next_value


def next_receipt_number(project) -> str:
    """``SJ-<project code>-000001``: the next receipt number of ``project``.

    Must run inside the transaction that records the payment.
    """
    value = next_value(f"receipt:{project.pk}")
    return f"SJ-{project.code}-{value:06d}"
