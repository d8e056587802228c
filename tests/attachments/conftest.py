"""Fixtures of the attachment tests: files of every kind, a repair ticket of project A, and
helpers to upload over the API (multipart) and through the web screens.

``jpeg(gps=True)`` is a real photo-like JPEG with a GPS position and a rotated orientation in
its EXIF data; the others are the smallest valid files of their type, or convincing fakes.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from aftersales.tickets import services
from tests.conftest import API


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    settings.ATTACHMENT_MAX_PER_TICKET = 60


def jpeg(width: int = 64, height: int = 32, gps: bool = False, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (width, height), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    if orientation != 1:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (40, 40), (0, 128, 255, 128) if mode == "RGBA" else (0, 128, 255)).save(
        out, format="PNG"
    )
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 10)).save(out, format="WEBP")
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# The start of an iPhone HEIC photo: an ISO box "ftyp" with brand "heic".
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def web_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_file(api_client, ticket_id: int, name: str, data: bytes, **fields):
    """``POST /tickets/{id}/attachments`` as multipart/form-data with the client's token."""
    body = {"file": upload(name, data), **fields}
    return api_client.client.post(
        f"{API}/tickets/{ticket_id}/attachments", data=body, headers=api_client.headers()
    )


@pytest.fixture
def ticket(agent_a, customer_a, house_a):
    return services.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="卫生间顶棚渗水",
        customer=customer_a.pk,
        house=house_a.pk,
        category="civil",
    )


@pytest.fixture
def ticket_b(agent_b, customer_b, house_b):
    return services.register_ticket(
        agent_b,
        kind="repair",
        channel="hotline",
        description="阳台门关不严",
        customer=customer_b.pk,
        house=house_b.pk,
        category="doors_windows",
    )
