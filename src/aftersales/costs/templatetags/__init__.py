"""Template tags of the costs app."""
