"""Demo photos: a portrait-shaped card with each candidate's initials, so every demo candidate
has a photo. Drawn with Pillow, stored through the same re-encoding as an uploaded photo, and
only for candidates who have none, so loading twice changes nothing."""

from __future__ import annotations

import hashlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from elections.models import Candidate, Section
from elections.photos import prepared_photo

# Dark backgrounds: white initials on them pass WCAG contrast.
COLOURS = ["#7a001d", "#1d4e89", "#2f5d3a", "#5b2a86", "#7a4a00", "#00566b", "#5a5a5a", "#8a2d52"]
SIZE = 320


def portrait(name: str) -> bytes:
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    colour = COLOURS[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(COLOURS)]
    image = Image.new("RGB", (SIZE, SIZE), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=130)
    draw.text((SIZE / 2, SIZE / 2), initials, fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load(section: Section) -> None:
    for candidate in Candidate.objects.filter(section=section, photo=""):
        upload = SimpleUploadedFile(f"{candidate.slug}.png", portrait(candidate.display_name), "image/png")
        photo = prepared_photo(upload)
        candidate.photo.save(photo.name, photo, save=False)
        candidate.save(update_fields=["photo"])
