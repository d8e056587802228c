"""The reads of 分析与会议: scoped lists, look-ups and the computed reports.

Views, API handlers and the background export kinds all read through these functions, so a
screen, its JSON twin and its Excel file show the same figures within the same data scope.

* :mod:`.weekly` — 投诉处理周报 of one office and the quarterly / yearly roll-ups (R-RPT-2);
* :mod:`.recurring` — the recurring-problem analysis and its drill-down (R-RPT-3);
* :mod:`.board` — the early-warning board, warnings counted per project (R-CMP-5);
* :mod:`.lessons` — the 设计施工改进清单 (R-RPT-3);
* :mod:`.meetings` — meetings, action items and who may own one (R-RPT-5).
"""

from aftersales.analysis.selectors import board, lessons, meetings, recurring, weekly

__all__ = ["board", "lessons", "meetings", "recurring", "weekly"]
