"""Statements are checked for personal contact details before they are published."""

import pytest

from elections.contact_details import Finding, describe, find_contact_details


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Write to ayesha.rahman@example.org any time.", [("email", "ayesha.rahman@example.org")]),
        ("Email: a+nec@mail.example.co.uk", [("email", "a+nec@mail.example.co.uk")]),
        ("ayesha [at] example [dot] org", [("email", "ayesha [at] example [dot] org")]),
        ("Call me on 07700 900123 after six.", [("phone", "07700 900123")]),
        ("Office: +44 20 7946 0000.", [("phone", "+44 20 7946 0000")]),
        ("Office: 020 7946 0000", [("phone", "020 7946 0000")]),
        ("Ring (020) 7946-0000", [("phone", "(020) 7946-0000")]),
        ("Mobile 07700900123", [("phone", "07700900123")]),
        ("+44 (0)7700 900 123", [("phone", "+44 (0)7700 900 123")]),
        ("I live near SW1A 1AA.", [("postcode", "SW1A 1AA")]),
        ("Manchester M1 1AE is home", [("postcode", "M1 1AE")]),
        ("postcode ls6 2qd", [("postcode", "ls6 2qd")]),
        ("EC1A1BB", [("postcode", "EC1A1BB")]),
        ("I live at 12 Acacia Avenue.", [("address", "12 Acacia Avenue")]),
        ("Flat 3, 27B Stanley Road", [("address", "Flat 3, 27B Stanley Road")]),
        ("come to 4 Privet Drive, Little Whinging", [("address", "4 Privet Drive")]),
        ("at 221B Baker St.", [("address", "221B Baker St")]),
        (
            "12 Acacia Avenue, Leeds LS6 2QD, 0113 496 0000",
            [("address", "12 Acacia Avenue"), ("postcode", "LS6 2QD"), ("phone", "0113 496 0000")],
        ),
    ],
)
def test_it_finds_contact_details(text, expected):
    assert [(f.kind, f.text) for f in find_contact_details(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "I have been a member since 2009 and a councillor for 8 years.",
        "The CLP section has 9 seats and at least 4 women must be elected.",
        "In 2020 the quota was 12,954.91 with 129,549 valid votes.",
        "Winners polled 100,999 and 81,863 votes in 2016.",
        "We meet on 01/07/2026 at 19:30.",
        "Our target is 2 million members by 2030.",
        "Section 3 Rule 2B of the rule book",
        "The A1 and M62 are roads I drive every week.",
        "Labour's 1945 government built the NHS.",
        "I campaigned in 5 Yorkshire seats and 12 London boroughs.",
        "Read my plan at https://example.org/plan",
        "Open Labour and Labour to Win both endorse me.",
        "The NHS at 75: protect it.",
        "Tel Aviv, Paris and Berlin",
        "COVID-19 hit 2020 hard",
        "I will ring-fence 10% of the budget",
    ],
)
def test_it_leaves_ordinary_campaign_text_alone(text):
    assert find_contact_details(text) == []


def test_the_warning_names_what_was_found():
    findings = [Finding("email", "a@b.org"), Finding("postcode", "SW1A 1AA"), Finding("phone", "07700 900123")]
    assert describe(findings) == "an email address (a@b.org), a postcode (SW1A 1AA) and a phone number (07700 900123)"
    assert describe(findings[:1]) == "an email address (a@b.org)"


def test_each_detail_is_reported_once():
    assert len(find_contact_details("SW1A 1AA and again SW1A 1AA")) == 1
