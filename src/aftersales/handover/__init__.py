"""Handover and move-in (交付验房、入住, requirements §10, R-HO-1..5)."""
