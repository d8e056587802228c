"""Web screens of 统计报表: the dashboard, drill-down lists and my exports."""
