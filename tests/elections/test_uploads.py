"""One guard on upload sizes (elections/uploads.py): the same rule and wording for every upload,
refused before the body is read when its declared length is too big."""

import pytest
from django.test import RequestFactory

from elections.uploads import MULTIPART_SLACK, UploadTooLarge, check_request_size, check_upload_size, size_text


@pytest.mark.parametrize(
    ("size", "text"),
    [(1, "1 byte"), (900, "900 bytes"), (2048, "2 KB"), (5 * 1024 * 1024, "5 MB"), (1572864, "1.5 MB")],
)
def test_sizes_read_as_people_say_them(size, text):
    assert size_text(size) == text


def test_an_upload_over_the_limit_is_refused_with_both_sizes_and_the_hint():
    with pytest.raises(UploadTooLarge) as refused:
        check_upload_size(3 * 1024 * 1024, limit=2 * 1024 * 1024, what="photo", hint="Use a smaller one.")
    assert refused.value.status_code == 413
    assert refused.value.message == "This photo is 3 MB; the largest photo accepted here is 2 MB. Use a smaller one."
    assert refused.value.errors == {"file": [refused.value.message]}


def test_an_upload_at_the_limit_is_accepted():
    check_upload_size(1024, limit=1024, what="photo")


@pytest.mark.parametrize(
    ("declared", "refused"), [("", False), ("abc", False), ("-5", False), ("2000", False), ("100000", True)]
)
def test_the_request_guard_reads_only_the_declared_length(declared, refused):
    request = RequestFactory().post("/x/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = declared
    if refused:
        with pytest.raises(UploadTooLarge):
            check_request_size(request, limit=100000 - MULTIPART_SLACK - 1, what="ballot file")
    else:
        check_request_size(request, limit=1024, what="ballot file")


def test_no_other_module_compares_an_upload_with_a_limit():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = [
        path.relative_to(root).as_posix()
        for folder in ("elections", "ballots", "hustings")
        for path in (root / folder).rglob("*.py")
        if "CONTENT_LENGTH" in path.read_text(encoding="utf-8")
    ]
    assert found == ["elections/uploads.py"]
