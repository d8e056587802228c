"""Weekly complaint reports, recurring-problem analysis, lessons and meetings (R-RPT-2/3/5)."""
