"""Web screens of the money side."""
