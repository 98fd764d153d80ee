"""Test data for results: sections with named candidates and BLT text."""

from tests.factories import CandidateFactory, SectionFactory

NAMES = [
    ("Ann Able", "woman"),
    ("Bob Baker", "man"),
    ("Cat Cole", "woman"),
    ("Dan Dean", "man"),
    ("Eve Ennis", "woman"),
]


def small_section(election, names=NAMES, seats=2, min_women=1, **kwargs):
    section = SectionFactory(election=election, slug="test-section", seats=seats, min_women=min_women, **kwargs)
    for i, (name, gender) in enumerate(names):
        CandidateFactory(section=section, display_name=name, slug=f"c{i}", gender=gender)
    return section


def blt(names, lines, seats=2, title="Test election") -> bytes:
    out = [f"{len(names)} {seats}", *lines, "0", *[f'"{n}"' for n in names], f'"{title}"']
    return ("\n".join(out) + "\n").encode()
