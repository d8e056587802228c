"""Demo data of the handover app (filled in below)."""


def demo_handover(run) -> None:
    return None
