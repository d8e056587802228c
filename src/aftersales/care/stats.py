"""Interval estimates for the questionnaire statistics (R-VIS-2)."""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # the 97.5 % point of the standard normal distribution


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion ``successes / n`` (None when n is 0).

    centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
    Unlike the normal ("Wald") interval it stays within [0, 1] and is sound for small samples
    and for proportions near 0 or 1.
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
