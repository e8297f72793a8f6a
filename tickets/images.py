"""Screenshot sanitising: the only way an uploaded file becomes a stored image.

Every upload is decoded by Pillow restricted to PNG, JPEG and WebP, checked for size and
pixel count before it is decoded, and re-encoded from pixels. Re-encoding drops EXIF and GPS
tags, applies the EXIF orientation, and discards anything appended after the image (a script,
a zip), so what we store and serve is only ever an image we produced ourselves.
"""

import io
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from supportdesk.text import strip_control_characters

from .exceptions import InvalidScreenshot, TooManyScreenshots

ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP")


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    image_format: str
    width: int
    height: int
    original_name: str


def safe_display_name(name: str | None) -> str:
    """The client's file name reduced to something harmless to show: no path, no control characters."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = strip_control_characters(name)
    name = re.sub(r"[^\w.\- ()\[\]]", "_", name).strip(" .")
    if len(name) > 100:
        stem, ext = os.path.splitext(name)
        name = stem[: 100 - len(ext[:10])] + ext[:10]
    return name or "screenshot"


def check_count(files) -> None:
    limit = settings.SCREENSHOT_MAX_PER_REQUEST
    if len(files) > limit:
        raise TooManyScreenshots(_("At most %(limit)d screenshots per message.") % {"limit": limit})


def sanitize_image(uploaded) -> CleanImage:
    """Validate and re-encode one uploaded file; raise InvalidScreenshot with a clear reason."""
    display_name = safe_display_name(getattr(uploaded, "name", ""))
    max_bytes = settings.SCREENSHOT_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise InvalidScreenshot(
            _("%(name)s is larger than %(mb)d MB.") % {"name": display_name, "mb": max_bytes // (1024 * 1024)}
        )
    uploaded.seek(0)
    raw = uploaded.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InvalidScreenshot(
            _("%(name)s is larger than %(mb)d MB.") % {"name": display_name, "mb": max_bytes // (1024 * 1024)}
        )
    not_an_image = InvalidScreenshot(_("%(name)s is not a PNG, JPEG or WebP image.") % {"name": display_name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=ALLOWED_FORMATS)
            # The header gives the size before any pixel is decoded: refuse bombs here.
            if image.width * image.height > settings.SCREENSHOT_MAX_PIXELS:
                raise InvalidScreenshot(
                    _("%(name)s has too many pixels (at most %(mp)d megapixels).")
                    % {"name": display_name, "mp": settings.SCREENSHOT_MAX_PIXELS // 1_000_000}
                )
            # A phone's multi-picture JPEG (Pillow's "MPO") is a JPEG with more frames appended:
            # the first frame is the photo, stored as a JPEG like any other.
            image_format = "JPEG" if image.format == "MPO" else image.format
            image.load()
            image = ImageOps.exif_transpose(image)
    except InvalidScreenshot:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses truly huge headers itself, before our own pixel check can run.
        raise InvalidScreenshot(
            _("%(name)s has too many pixels (at most %(mp)d megapixels).")
            % {"name": display_name, "mp": settings.SCREENSHOT_MAX_PIXELS // 1_000_000}
        ) from None
    except UnidentifiedImageError:
        raise not_an_image from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or corrupt data
        raise not_an_image from exc

    if image_format not in ALLOWED_FORMATS:  # pragma: no cover - Image.open(formats=...) guarantees it
        raise not_an_image
    content = _encode(image, image_format)
    return CleanImage(
        content=content, image_format=image_format, width=image.width, height=image.height, original_name=display_name
    )


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "WEBP":
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(out, "WEBP", quality=90)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
