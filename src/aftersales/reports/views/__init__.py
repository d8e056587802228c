"""Web screens."""
