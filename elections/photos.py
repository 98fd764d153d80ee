"""Candidate photos: checked by their content (not their name), limited in size, re-encoded.

Re-encoding with Pillow drops every piece of metadata (EXIF GPS positions would otherwise publish
where a photo was taken, often the candidate's home) and guarantees the stored file is the image
type it claims to be.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from elections.uploads import check_request_size, check_upload_size

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PHOTO_PIXELS = 6000 * 6000
STORED_SIZE = (1200, 1200)
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _open(upload) -> Image.Image:
    upload.seek(0)
    try:
        image = Image.open(upload)
        if image.width * image.height > MAX_PHOTO_PIXELS:
            raise ValidationError(f"The photo is {image.width}×{image.height} pixels: please use a smaller one.")
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError("That file is not a photo we can read: upload a JPEG, PNG or WebP image.") from exc
    finally:
        upload.seek(0)
    return image


def validate_candidate_photo(upload) -> None:
    """Refuse anything over the size limit (``UploadTooLarge``) or that is not, by its content, a
    JPEG, PNG or WebP (``ValidationError``)."""
    size = getattr(upload, "size", None)
    if size is not None:
        check_upload_size(size, limit=MAX_PHOTO_BYTES, what="photo", field="photo")
    image = _open(upload)
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(f"Photos must be JPEG, PNG or WebP images; this file is {image.format or 'unknown'}.")


def check_photo_request(request) -> None:
    """The page's guard before it reads the upload."""
    check_request_size(request, limit=MAX_PHOTO_BYTES, what="photo", field="photo")


def prepared_photo(upload) -> ContentFile:
    """A validated upload, re-encoded without metadata and scaled down, under a random name."""
    validate_candidate_photo(upload)
    image = _open(upload)
    fmt = image.format
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail(STORED_SIZE)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format=fmt)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[fmt]}")
