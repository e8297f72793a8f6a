"""Request bodies for the benchmarks, built once per run and sent unchanged by every connection."""

from __future__ import annotations

import io
import json
import random
import uuid
from pathlib import Path

TICKET_FIELDS = {
    "title": "USDT withdrawal on TRC20 not received",
    "description": (
        "I withdrew 250 USDT to my wallet on the TRC20 network two hours ago. The withdrawal shows as "
        "completed in my history but nothing has arrived and the explorer shows no transaction yet."
    ),
    "type": "deposit_withdrawal",
    "asset": "USDT",
    "network": "TRC20",
    "amount": "250.00",
    "transaction_id": "8f2c4c0e1f7a4b3d9e6a5c2b1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e",
    "contact_email": "bench-customer@example.com",
    "language": "en",
}


def noisy_png(target_bytes: int = 1024 * 1024, *, seed: int = 2) -> bytes:
    """A PNG of random RGB pixels of about ``target_bytes``.

    Noise does not compress, so the file is as large as its pixels and re-encoding it on the
    server costs what a real, busy 1 MB screenshot costs; a flat image would shrink to nothing.
    """
    from PIL import Image

    side = max(1, int((target_bytes / 3) ** 0.5))
    pixels = random.Random(seed).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "PNG")
    return out.getvalue()


def json_body(fields: dict[str, str] = TICKET_FIELDS) -> bytes:
    return json.dumps(fields).encode()


def multipart_body(fields: dict[str, str], files: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    """``(body, content_type)`` for form fields plus ``(field, filename, content_type, data)`` files."""
    boundary = f"----supportdesk-bench-{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(str(value).encode() + b"\r\n")
    for name, filename, content_type, data in files:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path
