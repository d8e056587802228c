"""Protection of personal ID numbers at rest (R-EST-5).

The number is stored encrypted (Fernet, key from ``PII_KEY`` or derived from ``SECRET_KEY``),
with a keyed hash for exact look-up and duplicate detection and a masked form for display.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _key_material() -> bytes:
    return (settings.PII_KEY or settings.SECRET_KEY).encode()


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"aftersales-pii|" + _key_material()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def lookup_hash(value: str) -> str:
    if not value:
        return ""
    return hmac.new(_key_material(), value.upper().encode(), hashlib.sha256).hexdigest()


def mask(value: str) -> str:
    """``110105199001011234`` → ``110***********1234``."""
    if not value:
        return ""
    if len(value) <= 6:
        return value[0] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def valid_resident_id(value: str) -> bool:
    """Mainland resident ID card number: 18 characters with the GB 11643 check digit."""
    value = value.upper()
    if (
        len(value) != 18
        or not value[:17].isdigit()
        or not (value[17].isdigit() or value[17] == "X")
    ):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != value[17]:
        return False
    try:
        import datetime as dt

        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return True
