"""Receipt and meeting codes: random, forgiving of how they are typed, hashed by purpose and ballot."""

import hashlib
import re

import pytest

from ballots.voting import receipts


def test_a_code_is_five_groups_of_four_from_crockfords_alphabet():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}", code)


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("abcd-efgh-jkmn-pqrs-tvwx", "ABCD-EFGH-JKMN-PQRS-TVWX"),
        ("ABCD EFGH JKMN PQRS TVWX", "ABCD-EFGH-JKMN-PQRS-TVWX"),
        ("0OI1-L000-0000-0000-0000", "0011-1000-0000-0000-0000"),  # misread O, I and L
        ("ABCDEFGHJKMNPQRSTVWX", "ABCD-EFGH-JKMN-PQRS-TVWX"),
    ],
)
def test_codes_are_read_as_people_type_them(typed, canonical):
    assert receipts.normalise(typed) == canonical


@pytest.mark.parametrize("typed", ["", "ABCD", "ABCD-EFGH-JKMN-PQRS-TVWU", "A" * 65, None, "ÄBCD-EFGH-JKMN-PQRS-TVWX"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert receipts.normalise(typed) is None


def test_the_hash_is_the_documented_one_and_differs_by_purpose_and_ballot():
    code = "ABCD-EFGH-JKMN-PQRS-TVWX"
    assert receipts.code_hash(12, code.lower()) == hashlib.sha256(b"nec-ballot:receipt:12:" + code.encode()).hexdigest()
    assert (
        len(
            {receipts.code_hash(12, code), receipts.code_hash(13, code), receipts.code_hash(12, code, receipts.MEETING)}
        )
        == 3
    )
