"""Demo statements: a long-form statement (a few paragraphs of Markdown) and a ballot statement
(well under 200 words) for every demo candidate, with several revisions for two of them.

Each candidate's text is assembled from their own background and the themes they campaign on, so
the compare page has real differences to show. Written only when a statement has no revisions
yet, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from elections.contact_details import find_contact_details
from elections.models import Candidate, Section, Statement, StatementKind, StatementRevision
from elections.wordcount import count_words

# name -> (background sentence, themes by key)
PROFILES = {
    "Ayesha Rahman": (
        "a nurse at the Queen Elizabeth and a Unison steward for eleven years",
        ["nhs", "democracy", "women"],
    ),
    "Ben Okafor": ("a bus driver, Unite rep and secretary of my CLP since 2019", ["unions", "democracy", "organising"]),
    "Catherine Doyle": ("a primary teacher and NEU district secretary", ["education", "democracy", "women"]),
    "Daniel Price": ("a Cardiff councillor and former steelworker", ["wales", "unions", "housing"]),
    "Eilidh MacLeod": (
        "a housing officer and Scottish Labour activist since my teens",
        ["scotland", "housing", "women"],
    ),
    "Farid Hussain": ("a pharmacist and chair of my branch for six years", ["nhs", "organising", "inclusion"]),
    "Grace Whitfield": ("a Hackney councillor and cabinet member for housing", ["housing", "winning", "women"]),
    "Harry Collins": (
        "a small-business adviser and our CLP's campaign coordinator",
        ["winning", "economy", "organising"],
    ),
    "Imogen Patel": ("a solicitor working in employment law", ["unions", "winning", "inclusion"]),
    "James Lowther": ("a former miner's son, now a GMB organiser in County Durham", ["unions", "winning", "economy"]),
    "Kiran Sandhu": ("a university lecturer and Coventry councillor", ["education", "winning", "women"]),
    "Liam Brennan": ("a warehouse team leader and Usdaw activist", ["unions", "economy", "winning"]),
    "Megan Evans": ("a Welsh-speaking youth worker from Swansea", ["wales", "youth", "women"]),
    "Nathan Ashworth": ("a social worker and Stockport branch treasurer", ["inclusion", "democracy", "housing"]),
    "Olivia Mensah": (
        "a GP in Lewisham and a member of the Socialist Health Association",
        ["nhs", "inclusion", "women"],
    ),
    "Patrick Quinn": ("a railway signaller and RMT member", ["unions", "democracy", "climate"]),
    "Rosa Ferreira": (
        "an environmental engineer and Bristol East's political education officer",
        ["climate", "democracy", "women"],
    ),
    "Samuel Adeyemi": ("a youth football coach and Tottenham councillor", ["youth", "inclusion", "organising"]),
    "Tamsin Rowe": ("a dockyard apprentice turned Unite convenor", ["women", "unions", "economy"]),
    "Umar Siddiqui": ("a taxi driver and independent-minded branch secretary", ["inclusion", "democracy", "economy"]),
    "Victoria Hale": ("a care worker and GMB rep in Norwich", ["care", "unions", "women"]),
    "William Forsyth": ("a Dundee councillor and former shipyard welder", ["scotland", "economy", "unions"]),
    "Yasmin Clarke": (
        "a disability rights campaigner and Sheffield CLP equalities officer",
        ["inclusion", "democracy", "care"],
    ),
    "Zoe Barnard": ("a climate campaigner and Brighton Pavilion youth officer", ["climate", "youth", "democracy"]),
    # The disabled members' representative (ballots/results/demo.py).
    # The voting demo's Youth representative and Treasurer candidates (ballots/voting/demo.py).
    "Aisha Begum": ("a student nurse and Young Labour organiser in Bradford", ["nhs", "organising", "women"]),
    "Callum Reid": ("an apprentice electrician and Unite young members' rep", ["unions", "organising", "democracy"]),
    "Ffion Davies": ("a Cardiff student union officer", ["wales", "education", "democracy"]),
    "Tom Okafor": ("a warehouse worker and GMB rep, twenty-three years old", ["unions", "housing", "democracy"]),
    "Diane Holloway": (
        "a chartered accountant and CLP treasurer for twelve years",
        ["democracy", "organising", "women"],
    ),
    "Marcus Webb": ("a credit union manager and former council finance officer", ["housing", "democracy", "unions"]),
    "Priya Nair": ("an NHS finance manager and Unison branch treasurer", ["nhs", "unions", "women"]),
    "Alex Morgan": ("a wheelchair user and access officer for my CLP", ["inclusion", "democracy", "care"]),
    "Bronwen Hughes": ("a deaf campaigner and Unison disabled members' officer", ["inclusion", "unions", "women"]),
    "Colin Ferris": ("a former postal worker living with MS, and a branch chair", ["care", "organising", "inclusion"]),
    "Deborah Lake": ("a benefits adviser and disability rights trainer", ["care", "inclusion", "women"]),
}

THEMES = {
    "nhs": (
        "Our NHS",
        "The NHS is the proudest thing our movement ever built, and the people who work in it are exhausted. I want the NEC to make sure our policy process listens to health workers, not just to think tanks, and that every CLP has the tools to campaign against closures in its own area.",
    ),
    "democracy": (
        "A party run by its members",
        "Members should decide policy and choose their candidates. That means conference motions that are actually acted on, selections with clear timetables published in advance, and an NEC that reports back to members after every meeting in plain language.",
    ),
    "women": (
        "Women in our party",
        "The rule that at least four of the nine CLP places go to women exists because it was fought for. I will defend it, push for childcare at every meeting the party organises, and make sure complaints of harassment are handled quickly, independently and fairly.",
    ),
    "unions": (
        "With the trade unions",
        "Labour was founded by the unions and we are strongest when we organise together. I want every CLP to have a trade union liaison officer who is supported, and I want our candidates on picket lines, not just in press releases.",
    ),
    "organising": (
        "Organising, not just leafleting",
        "Winning needs more than a leaflet round. I will argue for a community organiser in every region, training for branch officers, and a budget that CLPs can bid into for campaigns that matter locally.",
    ),
    "education": (
        "Education",
        "Every child deserves a good school close to home. I will make sure teachers, support staff and parents have a voice in how our education policy is written.",
    ),
    "wales": (
        "Wales",
        "Welsh Labour has governed for a quarter of a century. The NEC must respect devolution, listen to Welsh members, and remember that decisions made in London land differently in the valleys.",
    ),
    "scotland": (
        "Scotland",
        "Scottish members have rebuilt our party the hard way, door by door. The NEC should back that work with resources and respect Scottish Labour's autonomy in the decisions that belong to it.",
    ),
    "housing": (
        "Homes people can afford",
        "I see every week what the housing crisis does to families. Our party should be the party of council housing again, and the NEC should help councillors share what works.",
    ),
    "winning": (
        "Winning power",
        "Nothing we believe in happens in opposition. I will judge every NEC decision by one test: does it help us win the trust of voters we need and keep the trust of the ones we have?",
    ),
    "economy": (
        "Good jobs everywhere",
        "Towns that lost their industries deserve more than warm words. I will keep the NEC focused on an economic message that speaks to the places we need to win back.",
    ),
    "inclusion": (
        "A party for everyone",
        "Too many members tell me they do not feel welcome at meetings. I want accessible venues, online options for those who cannot travel, and a complaints process that is fair to everyone involved.",
    ),
    "youth": (
        "Young members",
        "Young members knock on more doors than anyone and are heard least. I will fight for a properly funded youth structure and for young candidates in winnable seats.",
    ),
    "climate": (
        "A just transition",
        "The climate crisis is a class issue. Workers in high-carbon industries must be part of planning the transition, with jobs guaranteed before old ones go.",
    ),
    "care": (
        "Social care",
        "Care workers hold families together on poverty pay. A national care service, built with the unions that represent care workers, should be at the heart of our next manifesto.",
    ),
}


def _long_form(name: str, home: str, slates: list[str]) -> str:
    background, themes = PROFILES[name]
    backing = (
        f"I am proud to be endorsed by {' and '.join(slates)}."
        if slates
        else "I am standing as an independent, endorsed by no slate, because I want to answer only to members."
    )
    parts = [
        f"## Why I am standing\n\nI am {background}, and a member of {home} CLP. {backing}",
        *[f"## {THEMES[key][0]}\n\n{THEMES[key][1]}" for key in themes],
        "## What I will do on the NEC\n\n- Publish a report to members after every NEC meeting\n"
        "- Vote in the open and explain my votes\n- Visit every region at least once a year",
        "> The party belongs to its members. I will never forget who sent me there.",
    ]
    return "\n\n".join(parts)


def _ballot(name: str, home: str) -> str:
    background, themes = PROFILES[name]
    titles = ", ".join(THEMES[key][0][0].lower() + THEMES[key][0][1:] for key in themes)
    return (
        f"I am {background}, and a member of {home} CLP. I am standing for the NEC because members deserve a "
        f"committee that listens and reports back. My priorities are {titles}. I will publish a report after every "
        "NEC meeting, vote in the open, and visit every region. Please give me your first preference."
    )


# Earlier drafts for two candidates, so the history and diff pages have something to show.
EARLIER_DRAFTS = {
    "Ayesha Rahman": [
        "## Why I am standing\n\nI am a nurse and a Unison steward. I want the NEC to listen to members.",
        "## Why I am standing\n\nI am a nurse at the Queen Elizabeth and a Unison steward for eleven years.\n\n"
        "## Our NHS\n\nThe NHS is the proudest thing our movement ever built.",
    ],
    "Ben Okafor": ["## Why I am standing\n\nI drive a bus and I am secretary of my CLP. Members first."],
}


def load(section: Section) -> None:
    base = timezone.now().replace(microsecond=0) - dt.timedelta(days=5)
    candidates = section.candidates.select_related("home_clp", "user").prefetch_related("endorsements__slate")
    for n, candidate in enumerate(candidates):
        if candidate.display_name not in PROFILES:
            continue
        slates = [e.slate.name for e in candidate.endorsements.all()]
        home = candidate.home_clp.name
        texts = {
            StatementKind.LONG_FORM: [
                *EARLIER_DRAFTS.get(candidate.display_name, []),
                _long_form(candidate.display_name, home, slates),
            ],
            StatementKind.BALLOT: [_ballot(candidate.display_name, home)],
        }
        for kind, versions in texts.items():
            _write(candidate, kind, versions, when=base + dt.timedelta(hours=n))


def _write(candidate: Candidate, kind: str, versions: list[str], when: dt.datetime) -> None:
    statement, _ = Statement.objects.get_or_create(candidate=candidate, kind=kind)
    if statement.revisions.aggregate(n=Max("number"))["n"]:
        return
    for number, body in enumerate(versions, start=1):
        assert not find_contact_details(body), f"demo text for {candidate} looks like contact details"
        last = number == len(versions)
        revision = StatementRevision.objects.create(
            statement=statement, number=number, body=body, word_count=count_words(body), author=candidate.user,
            created=when + dt.timedelta(hours=number), published_at=when + dt.timedelta(hours=number) if last or number == 2 else None,
        )  # fmt: skip
        if revision.published_at:
            statement.published = revision
    statement.save()
