"""Web screens of the estates domain: projects, houses, customers, roster import, warranty."""
