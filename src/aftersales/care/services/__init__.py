"""Services of the care app, one function per business rule (R-VIS-1..5).

* :mod:`.questionnaires` — the editor, answers (visit, phone, the owner's link);
* :mod:`.campaigns` — drawing a campaign, assigning targets, recording visits, the repeat
  visit and the yearly spot-check;
* :mod:`.care` — care rules and the scheduled care messages (sent exactly once);
* :mod:`.activities` — community activities and the notice board.
"""

from aftersales.care.services import activities, campaigns, care, questionnaires

__all__ = ["activities", "campaigns", "care", "questionnaires"]
