"""Demo data of the care app (filled in below)."""


def demo_care(run) -> None:
    return None
