"""Read side of the care app; every query starts from the data scope.

* :mod:`.campaigns` — campaigns, targets, visits, coverage and handling rate;
* :mod:`.questionnaires` — questionnaires, responses and their statistics (SQL aggregates);
* :mod:`.care` — care rules, messages and the upcoming occasions;
* :mod:`.activities` — activities and the notice board.
"""

from aftersales.care.selectors import activities, campaigns, care, questionnaires

__all__ = ["activities", "campaigns", "care", "questionnaires"]
