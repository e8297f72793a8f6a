"""Screenshot sanitising: what goes in is re-encoded or refused, never stored as sent."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from tickets.exceptions import InvalidScreenshot, TooManyScreenshots
from tickets.images import check_count, safe_display_name, sanitize_image

# --- image builders (also used by the API tests) ----------------------------------------------


def png_bytes(size=(40, 30), color=(200, 30, 30), text: dict | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_gps_and_orientation(size=(60, 20)) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90°" (orientation 6) and carries a GPS position."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    exif[0x010F] = "SpyCam Inc."  # Make
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def webp_bytes(size=(32, 32)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 200, 0, 128)).save(out, "WEBP", exif=exif.tobytes())
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR claiming ``width``×``height``, with a tiny IDAT.

    Cheap to build and small on the wire: exactly what a decompression bomb looks like before
    anyone decodes it.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _png_chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML_PAGE = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def decode(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


# --- accepted, and re-encoded -----------------------------------------------------------------


def test_png_is_reencoded_without_its_text_chunks():
    original = png_bytes(text={"Comment": "secret-metadata"})
    clean = sanitize_image(upload("shot.png", original))
    assert clean.image_format == "PNG"
    assert (clean.width, clean.height) == (40, 30)
    assert b"secret-metadata" not in clean.content
    assert decode(clean.content).format == "PNG"


def test_jpeg_loses_exif_and_gps_and_is_turned_upright():
    original = jpeg_with_gps_and_orientation(size=(60, 20))
    before = Image.open(io.BytesIO(original)).getexif()
    assert before.get(0x0112) == 6 and before.get_ifd(0x8825)  # the fixture really carries them
    clean = sanitize_image(upload("IMG_0001.jpg", original, "image/jpeg"))
    assert clean.image_format == "JPEG"
    # Orientation 6 applied: the landscape 60×20 becomes a portrait 20×60.
    assert (clean.width, clean.height) == (20, 60)
    result = decode(clean.content)
    assert result.size == (20, 60)
    assert not result.getexif()
    assert "exif" not in result.info
    assert b"SpyCam" not in clean.content


def test_a_phones_multi_picture_jpeg_is_accepted_as_its_first_frame():
    """Many phones save MPO (a JPEG with a second picture appended); it was refused as "not a PNG,
    JPEG or WebP image"."""
    out = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), (200, 30, 30)), Image.new("RGB", (40, 30), (30, 30, 200))
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    clean = sanitize_image(upload("IMG_0002.jpg", out.getvalue(), "image/jpeg"))
    assert clean.image_format == "JPEG"
    result = decode(clean.content)
    assert result.format == "JPEG" and getattr(result, "n_frames", 1) == 1
    red, _green, blue = result.getpixel((20, 15))
    assert red > 150 and blue < 100, "the first frame, not the appended one"


def test_webp_is_reencoded_without_exif():
    assert Image.open(io.BytesIO(webp_bytes())).getexif()
    clean = sanitize_image(upload("shot.webp", webp_bytes(), "image/webp"))
    assert clean.image_format == "WEBP"
    result = decode(clean.content)
    assert result.format == "WEBP"
    assert not result.getexif()
    assert b"SpyCam" not in clean.content


def test_bytes_appended_after_a_png_are_dropped():
    payload = b"<script>alert(1)</script>"
    clean = sanitize_image(upload("polyglot.png", png_bytes() + payload))
    assert payload not in clean.content
    assert b"<script>" not in clean.content
    assert decode(clean.content).size == (40, 30)


def test_the_declared_content_type_is_ignored_in_favour_of_the_bytes():
    clean = sanitize_image(upload("photo.gif", png_bytes(), "image/gif"))
    assert clean.image_format == "PNG"


# --- refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        ("drawing.png", SVG_WITH_SCRIPT, "image/png"),
        ("page.png", HTML_PAGE, "image/png"),
        ("anim.gif", gif_bytes(), "image/gif"),
        ("anim.png", gif_bytes(), "image/png"),
        ("empty.png", b"", "image/png"),
        ("noise.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    ],
    ids=["svg-script", "svg-named-png", "html-named-png", "gif", "gif-named-png", "empty", "garbage-after-signature"],
)
def test_anything_but_png_jpeg_webp_is_refused(name, content, content_type):
    with pytest.raises(InvalidScreenshot) as excinfo:
        sanitize_image(upload(name, content, content_type))
    assert "not a PNG, JPEG or WebP" in str(excinfo.value)


def test_a_30000_by_30000_png_bomb_is_refused_before_decoding():
    bomb = png_header_only(30000, 30000)
    assert len(bomb) < 2000
    with pytest.raises(InvalidScreenshot) as excinfo:
        sanitize_image(upload("bomb.png", bomb))
    assert "too many pixels" in str(excinfo.value)


def test_an_image_over_40_megapixels_is_refused_with_the_reason():
    # 7000×7000 = 49 MP: under Pillow's own bomb limit, over ours.
    with pytest.raises(InvalidScreenshot) as excinfo:
        sanitize_image(upload("huge.png", png_header_only(7000, 7000)))
    assert "too many pixels" in str(excinfo.value)


def test_a_truncated_image_is_refused():
    whole = jpeg_with_gps_and_orientation(size=(200, 200))
    with pytest.raises(InvalidScreenshot):
        sanitize_image(upload("cut.jpg", whole[: len(whole) // 2], "image/jpeg"))


def test_a_file_over_5_mb_is_refused(settings):
    content = png_bytes() + b"\x00" * (6 * 1024 * 1024)
    with pytest.raises(InvalidScreenshot) as excinfo:
        sanitize_image(upload("big.png", content))
    assert "larger than 5 MB" in str(excinfo.value)


def test_a_file_whose_reported_size_lies_is_still_measured(settings):
    settings.SCREENSHOT_MAX_BYTES = 1000
    fake = upload("big.png", png_bytes(size=(300, 300), color=(1, 2, 3)) + b"\x01" * 2000)
    fake.size = 10  # a stream that under-reports its size is read, not trusted
    with pytest.raises(InvalidScreenshot):
        sanitize_image(fake)


def test_six_files_are_too_many():
    files = [upload(f"{i}.png", png_bytes()) for i in range(6)]
    with pytest.raises(TooManyScreenshots):
        check_count(files)
    check_count(files[:5])  # five is fine


def test_error_messages_show_only_the_safe_name():
    with pytest.raises(InvalidScreenshot) as excinfo:
        sanitize_image(upload("../../evil\r\nSet-Cookie: x.png", HTML_PAGE))
    message = str(excinfo.value)
    assert "\r" not in message and "\n" not in message and "../" not in message


# --- display names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\system.ini.png", "system.ini.png"),
        ("shot\r\nSet-Cookie: a=b.png", "shotSet-Cookie_ a_b.png"),
        ("a\x00b.png", "ab.png"),
        ("", "screenshot"),
        ("....", "screenshot"),
        (None, "screenshot"),
    ],
)
def test_safe_display_name(raw, expected):
    assert safe_display_name(raw) == expected


def test_safe_display_name_strips_paths_and_control_characters():
    for raw in ("../../etc/passwd.png", "x\r\ny.png", "nul\x00.png", "tab\there.png", "del\x7f.png"):
        name = safe_display_name(raw)
        assert "/" not in name and "\\" not in name
        assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in name)


def test_safe_display_name_caps_length_and_keeps_the_extension():
    name = safe_display_name("a" * 300 + ".png")
    assert len(name) <= 100
    assert name.endswith(".png")


def test_safe_display_name_keeps_unicode_letters_and_drops_markup():
    assert safe_display_name("截图 2024.png") == "截图 2024.png"
    name = safe_display_name('<img src=x onerror="alert(1)">.png')
    assert "<" not in name and ">" not in name and '"' not in name
