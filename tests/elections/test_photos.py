"""Candidates add a photo: checked by content and size, stored without metadata under MEDIA_ROOT."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from elections import services
from elections.photos import MAX_PHOTO_BYTES


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(fmt="PNG", size=(40, 30), exif=False):
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 0, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # camera make; GPS would sit alongside it
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def profile_url(candidate):
    return f"{candidate.get_absolute_url()}profile/"


@pytest.mark.parametrize("fmt, ext", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_a_candidate_uploads_a_photo(client_for, ayesha, alice, media, fmt, ext):
    upload = SimpleUploadedFile("me.bin", image_bytes(fmt), content_type="application/octet-stream")
    response = client_for(ayesha.user).post(profile_url(ayesha), {"photo": upload})
    assert response.status_code == 302
    ayesha.refresh_from_db()
    assert ayesha.photo.name.startswith("candidates/photos/") and ayesha.photo.name.endswith(f".{ext}")
    assert (media / ayesha.photo.name).exists()
    assert f'src="/media/{ayesha.photo.name}"' in client_for(alice).get(ayesha.get_absolute_url()).content.decode()


def test_the_stored_photo_has_no_metadata(ayesha, media):
    upload = SimpleUploadedFile("me.jpg", image_bytes("JPEG", exif=True))
    assert Image.open(io.BytesIO(image_bytes("JPEG", exif=True))).getexif(), "the fixture really carries EXIF"
    candidate = services.candidate_update_profile(candidate=ayesha, user=ayesha.user, photo=upload)
    with Image.open(media / candidate.photo.name) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("me.jpg", b"<?php echo 'not an image'; ?>", "not a photo we can read"),
        ("me.png", b"GIF89a" + b"\x00" * 20, "not a photo we can read"),
        ("me.gif", None, "must be JPEG, PNG or WebP"),
    ],
)
def test_it_refuses_files_that_are_not_photos_by_their_content(client_for, ayesha, media, name, content, message):
    if content is None:
        content = image_bytes("GIF")
    response = client_for(ayesha.user).post(profile_url(ayesha), {"photo": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    ayesha.refresh_from_db()
    assert not ayesha.photo
    assert not list(media.rglob("*.*")), "nothing half-written stays behind"


def test_it_refuses_a_photo_over_the_size_limit(client_for, ayesha):
    big = image_bytes("PNG") + b"\x00" * (MAX_PHOTO_BYTES + 1)
    response = client_for(ayesha.user).post(profile_url(ayesha), {"photo": SimpleUploadedFile("big.png", big)})
    assert response.status_code == 413
    assert "the largest photo accepted here is 2,097,152 bytes (2 MB)." in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "rita", "ben"])
def test_only_the_candidate_changes_their_profile(request, client_for, ayesha, ben, who):
    user = ben.user if who == "ben" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only Ayesha Rahman can change their candidate profile"):
        services.candidate_update_profile(candidate=ayesha, user=user, show_gender=True)
    assert client_for(user).post(profile_url(ayesha), {"show_gender": "on"}).status_code == 403
    ayesha.refresh_from_db()
    assert not ayesha.show_gender


def test_gender_is_shown_only_when_the_candidate_opts_in(client_for, ayesha, alice):
    ayesha.gender = "woman"
    ayesha.save()
    assert "<dt>Gender</dt>" not in client_for(alice).get(ayesha.get_absolute_url()).content.decode()
    client_for(ayesha.user).post(profile_url(ayesha), {"show_gender": "on"})
    assert "<dt>Gender</dt><dd>Woman</dd>" in client_for(alice).get(ayesha.get_absolute_url()).content.decode()


def test_replacing_and_removing_a_photo_leaves_no_old_files(ayesha, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_update_profile(
            candidate=ayesha, user=ayesha.user, photo=SimpleUploadedFile("a.png", image_bytes())
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_update_profile(
            candidate=ayesha, user=ayesha.user, photo=SimpleUploadedFile("b.png", image_bytes())
        )
    assert len(list(media.rglob("*.png"))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_update_profile(candidate=ayesha, user=ayesha.user, remove_photo=True)
    assert list(media.rglob("*.png")) == []
