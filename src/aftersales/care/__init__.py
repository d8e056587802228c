"""Visits, questionnaires and customer care (R-VIS-1..5)."""
