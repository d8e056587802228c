"""The actions of 分析与会议; each business rule is one function here.

* :mod:`.lessons` — a lesson made from one row of the recurring analysis, annotated, handed
  over, adopted or rejected, deleted while still open (R-RPT-3);
* :mod:`.meetings` — meetings and their minutes, action items linked to tickets, ticking an
  item done (R-RPT-5, R-CMP-1).

Reads (lists, reports, look-ups) are in :mod:`aftersales.analysis.selectors`.
"""

from aftersales.analysis.services import lessons, meetings

__all__ = ["lessons", "meetings"]
