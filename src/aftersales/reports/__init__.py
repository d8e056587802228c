"""KPIs and dashboards (requirements §13, R-RPT-1, R-RPT-4) and background exports."""
