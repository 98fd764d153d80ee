"""Demo data: an NEC 2026 CLP section with realistic CLPs, candidates, slates and people.

Everything is created with ``update_or_create`` on natural keys, so loading twice changes
nothing. The demo passwords are printed at start-up and are for a local demo only.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from elections import demo_photos, demo_statements
from elections.models import CLP, Candidate, CLPOfficer, Election, Endorsement, Gender, Member, Region, Section, Slate

LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "demo-pass-2026"

# Towns and cities by region; each gives one or more CLP names (e.g. "Leeds North East").
PLACES = {
    Region.EAST_MIDLANDS: [
        "Derby",
        "Leicester",
        "Nottingham",
        "Lincoln",
        "Northampton",
        "Chesterfield",
        "Mansfield",
        "Bassetlaw",
        "Bolsover",
        "Loughborough",
        "Corby",
        "Erewash",
        "Gedling",
        "Broxtowe",
        "Ashfield",
        "Kettering",
        "Wellingborough",
        "Grantham",
        "Boston",
        "High Peak",
    ],
    Region.EASTERN: [
        "Norwich",
        "Ipswich",
        "Cambridge",
        "Peterborough",
        "Luton",
        "Bedford",
        "Colchester",
        "Chelmsford",
        "Basildon",
        "Harlow",
        "Stevenage",
        "Watford",
        "Thurrock",
        "Southend",
        "Great Yarmouth",
        "Waveney",
        "Hemel Hempstead",
        "St Albans",
        "Welwyn Hatfield",
        "Broxbourne",
        "Clacton",
        "Harwich",
        "King's Lynn",
    ],
    Region.LONDON: [
        "Hackney",
        "Islington",
        "Camden",
        "Lewisham",
        "Southwark",
        "Lambeth",
        "Tottenham",
        "Walthamstow",
        "Ealing",
        "Brent",
        "Croydon",
        "Enfield",
        "Barking",
        "Dagenham",
        "Ilford",
        "West Ham",
        "East Ham",
        "Poplar",
        "Bethnal Green",
        "Hammersmith",
        "Battersea",
        "Tooting",
        "Putney",
        "Holborn",
        "Erith",
        "Greenwich",
        "Woolwich",
        "Harrow",
        "Hendon",
        "Finchley",
        "Hornsey",
        "Leyton",
        "Edmonton",
        "Feltham",
        "Hayes",
        "Brentford",
        "Mitcham",
        "Streatham",
        "Vauxhall",
        "Dulwich",
    ],
    Region.NORTH_EAST: [
        "Newcastle",
        "Sunderland",
        "Gateshead",
        "Durham",
        "Middlesbrough",
        "Hartlepool",
        "Darlington",
        "Stockton",
        "Blyth",
        "Wansbeck",
        "Jarrow",
        "South Shields",
        "Tynemouth",
        "Washington",
        "Bishop Auckland",
        "Easington",
        "Sedgefield",
        "Hexham",
        "Redcar",
    ],
    Region.NORTH_WEST: [
        "Manchester",
        "Liverpool",
        "Salford",
        "Bolton",
        "Wigan",
        "Oldham",
        "Rochdale",
        "Stockport",
        "Blackburn",
        "Burnley",
        "Preston",
        "Lancaster",
        "Blackpool",
        "Warrington",
        "St Helens",
        "Knowsley",
        "Wirral",
        "Birkenhead",
        "Bootle",
        "Crewe",
        "Chester",
        "Barrow",
        "Workington",
        "Carlisle",
        "Ashton-under-Lyne",
        "Stalybridge",
        "Bury",
        "Leigh",
        "Halton",
        "Sefton",
        "Wallasey",
        "Ellesmere Port",
    ],
    Region.SCOTLAND: [
        "Glasgow",
        "Edinburgh",
        "Aberdeen",
        "Dundee",
        "Paisley",
        "Kilmarnock",
        "Motherwell",
        "Airdrie",
        "Coatbridge",
        "East Kilbride",
        "Falkirk",
        "Stirling",
        "Dunfermline",
        "Kirkcaldy",
        "Livingston",
        "Inverness",
        "Perth",
        "Ayr",
        "Rutherglen",
        "Cumbernauld",
        "Midlothian",
        "Inverclyde",
    ],
    Region.SOUTH_EAST: [
        "Brighton",
        "Hove",
        "Southampton",
        "Portsmouth",
        "Reading",
        "Oxford",
        "Milton Keynes",
        "Slough",
        "Crawley",
        "Hastings",
        "Dover",
        "Canterbury",
        "Gillingham",
        "Chatham",
        "Worthing",
        "Eastbourne",
        "Basingstoke",
        "Swindon",
        "Gravesham",
        "Dartford",
        "Thanet",
        "Folkestone",
        "Maidstone",
        "Guildford",
        "Woking",
        "Aldershot",
        "High Wycombe",
        "Banbury",
    ],
    Region.SOUTH_WEST: [
        "Bristol",
        "Plymouth",
        "Exeter",
        "Gloucester",
        "Stroud",
        "Cheltenham",
        "Bath",
        "Bournemouth",
        "Poole",
        "Swindon South",
        "Truro",
        "Falmouth",
        "Camborne",
        "Redruth",
        "Torbay",
        "Taunton",
        "Weston-super-Mare",
        "Kingswood",
        "Filton",
        "Yeovil",
        "Weymouth",
        "Salisbury",
        "Cirencester",
    ],
    Region.WALES: [
        "Cardiff",
        "Swansea",
        "Newport",
        "Wrexham",
        "Merthyr Tydfil",
        "Rhondda",
        "Caerphilly",
        "Pontypridd",
        "Bridgend",
        "Neath",
        "Aberavon",
        "Llanelli",
        "Ogmore",
        "Islwyn",
        "Torfaen",
        "Blaenau Gwent",
        "Alyn and Deeside",
        "Delyn",
        "Clwyd",
        "Gower",
        "Vale of Glamorgan",
        "Cynon Valley",
        "Ynys Môn",
        "Bangor",
    ],
    Region.WEST_MIDLANDS: [
        "Birmingham",
        "Coventry",
        "Wolverhampton",
        "Walsall",
        "West Bromwich",
        "Dudley",
        "Stoke-on-Trent",
        "Telford",
        "Worcester",
        "Redditch",
        "Nuneaton",
        "Warwick",
        "Leamington",
        "Cannock",
        "Tamworth",
        "Stafford",
        "Newcastle-under-Lyme",
        "Halesowen",
        "Rowley Regis",
        "Smethwick",
        "Solihull",
        "Kidderminster",
        "Hereford",
        "Shrewsbury",
    ],
    Region.YORKSHIRE: [
        "Leeds",
        "Sheffield",
        "Bradford",
        "Hull",
        "York",
        "Wakefield",
        "Huddersfield",
        "Halifax",
        "Doncaster",
        "Rotherham",
        "Barnsley",
        "Dewsbury",
        "Batley",
        "Keighley",
        "Pontefract",
        "Castleford",
        "Scunthorpe",
        "Grimsby",
        "Harrogate",
        "Scarborough",
        "Penistone",
        "Wentworth",
        "Don Valley",
        "Calder Valley",
        "Colne Valley",
    ],
}
SPLITS = {
    "Birmingham": [
        "Edgbaston",
        "Erdington",
        "Hall Green",
        "Hodge Hill",
        "Ladywood",
        "Northfield",
        "Perry Barr",
        "Selly Oak",
        "Yardley",
    ],
    "Manchester": ["Central", "Gorton", "Withington", "Blackley"],
    "Liverpool": ["Riverside", "Walton", "Wavertree", "West Derby", "Garston"],
    "Leeds": ["Central", "East", "North East", "North West", "West"],
    "Sheffield": ["Central", "Brightside", "Hallam", "Heeley", "South East"],
    "Glasgow": ["Central", "East", "North", "North East", "South", "South West"],
    "Edinburgh": ["East", "North and Leith", "South", "South West", "West"],
    "Bristol": ["East", "North West", "South", "West"],
    "Cardiff": ["Central", "North", "South and Penarth", "West"],
    "Newcastle": ["Central", "East", "North"],
    "Nottingham": ["East", "North", "South"],
    "Coventry": ["North East", "North West", "South"],
    "Hull": ["East", "North", "West"],
    "Bradford": ["East", "South", "West"],
    "Leicester": ["East", "South", "West"],
    "Southampton": ["Itchen", "Test"],
    "Plymouth": ["Moor View", "Sutton and Devonport"],
    "Wolverhampton": ["North East", "South East", "South West"],
    "Stoke-on-Trent": ["Central", "North", "South"],
    "Norwich": ["North", "South"],
    "Brighton": ["Kemptown", "Pavilion"],
    "Salford": ["Eccles", "Central"],
    "Wigan": ["Central", "Makerfield"],
    "Oldham": ["East", "West"],
    "Derby": ["North", "South"],
    "Sunderland": ["Central", "Houghton"],
    "Swansea": ["East", "West"],
    "Aberdeen": ["North", "South"],
    "Dundee": ["East", "West"],
    "Portsmouth": ["North", "South"],
    "Reading": ["East", "West"],
}

SLATES = [
    ("Centre-Left Grassroots Alliance", "Members first: a democratic, campaigning party rooted in its branches."),
    ("Labour to Win", "A broad coalition focused on winning elections and delivering in government."),
    ("Open Labour", "A pluralist, soft-left voice for a party that listens."),
    ("Labour Women for NEC", "Backing women candidates across the slates so that the committee reflects the party."),
]
# (name, gender, home place, slates by index)
CANDIDATES = [
    ("Ayesha Rahman", Gender.WOMAN, "Birmingham Ladywood", [0]), ("Ben Okafor", Gender.MAN, "Leeds Central", [0]),
    ("Catherine Doyle", Gender.WOMAN, "Liverpool Walton", [0, 3]), ("Daniel Price", Gender.MAN, "Cardiff North", [0]),
    ("Eilidh MacLeod", Gender.WOMAN, "Glasgow North", [0, 3]), ("Farid Hussain", Gender.MAN, "Bradford West", [0]),
    ("Grace Whitfield", Gender.WOMAN, "Hackney", [1, 3]), ("Harry Collins", Gender.MAN, "Stevenage", [1]),
    ("Imogen Patel", Gender.WOMAN, "Croydon", [1]), ("James Lowther", Gender.MAN, "Durham", [1]),
    ("Kiran Sandhu", Gender.WOMAN, "Coventry South", [1, 3]), ("Liam Brennan", Gender.MAN, "Warrington", [1]),
    ("Megan Evans", Gender.WOMAN, "Swansea West", [2]), ("Nathan Ashworth", Gender.MAN, "Stockport", [2]),
    ("Olivia Mensah", Gender.WOMAN, "Lewisham", [2, 3]), ("Patrick Quinn", Gender.MAN, "York", [2]),
    ("Rosa Ferreira", Gender.WOMAN, "Bristol East", [2]), ("Samuel Adeyemi", Gender.MAN, "Tottenham", [0, 2]),
    ("Tamsin Rowe", Gender.WOMAN, "Plymouth Sutton and Devonport", [3]), ("Umar Siddiqui", Gender.MAN, "Luton", []),
    ("Victoria Hale", Gender.WOMAN, "Norwich South", []), ("William Forsyth", Gender.MAN, "Dundee East", []),
    ("Yasmin Clarke", Gender.NOT_GIVEN, "Sheffield Hallam", []), ("Zoe Barnard", Gender.NON_BINARY, "Brighton Pavilion", [2]),
]  # fmt: skip

# username -> (first, last, role description printed at start-up)
PEOPLE = {
    "member": ("Mary", "Member", "member"),
    "candidate": ("Ayesha", "Rahman", "candidate (Ayesha Rahman)"),
    "secretary": ("Sam", "Secretary", "CLP secretary of Hackney"),
    "chair": ("Chris", "Chair", "CLP chair of Hackney"),
    "secretary2": ("Sunita", "Second", "CLP secretary of Leeds Central"),
    "returning": ("Rita", "Officer", "returning officer for NEC 2026"),
    "staff": ("Stella", "Staff", "staff (Django admin)"),
}


def clp_names() -> list[tuple[str, str]]:
    names = []
    for region, places in PLACES.items():
        for place in places:
            for part in SPLITS.get(place, [None]):
                names.append((f"{place} {part}" if part else place, region))
    return names


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create or refresh the demo; returns (username, role) pairs for the logins banner."""
    clps = _load_clps()
    users = _load_people(clps)
    election, section = _load_election(users)
    _load_candidates(election, section, clps, users)
    demo_statements.load(section)
    demo_photos.load(section)
    return [(username, role) for username, (_first, _last, role) in PEOPLE.items()]


def _load_clps() -> dict[str, CLP]:
    clps = {}
    for name, region in clp_names():
        clps[name], _ = CLP.objects.update_or_create(slug=slugify(name), defaults={"name": name, "region": region})
    return clps


def _load_people(clps: dict[str, CLP]) -> dict:
    User = get_user_model()
    homes = {
        "secretary": "Hackney",
        "chair": "Hackney",
        "secretary2": "Leeds Central",
        "candidate": "Birmingham Ladywood",
    }
    users = {}
    for number, (username, (first, last, _role)) in enumerate(PEOPLE.items(), start=1):
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = username == "staff"
        user.save()
        Member.objects.update_or_create(
            user=user,
            defaults={
                "clp": clps[homes.get(username, "Islington")],
                "membership_number": f"L{100000 + number}",
                "joined_on": dt.date(2015, 3, 1) + dt.timedelta(days=97 * number),
                "gender": Gender.WOMAN if first in {"Mary", "Ayesha", "Sunita", "Rita", "Stella"} else Gender.NOT_GIVEN,
            },
        )
        users[username] = user
    CLPOfficer.objects.update_or_create(clp=clps["Hackney"], office="secretary", defaults={"user": users["secretary"]})
    CLPOfficer.objects.update_or_create(clp=clps["Hackney"], office="chair", defaults={"user": users["chair"]})
    CLPOfficer.objects.update_or_create(
        clp=clps["Leeds Central"], office="secretary", defaults={"user": users["secretary2"]}
    )
    return users


def _load_election(users: dict) -> tuple[Election, Section]:
    election, _ = Election.objects.update_or_create(
        slug="nec-2026",
        defaults={
            "name": "NEC 2026",
            "description": "Elections to the **National Executive Committee**, 2026. Every eligible member has one vote (OMOV).",
        },
    )
    election.returning_officers.add(users["returning"])
    today = dt.datetime.now(LONDON).replace(hour=0, minute=0, second=0, microsecond=0)
    # One timeline: the freeze date, then nominations (open now), then the ballot. The disabled
    # members' representative (ballots/results/demo.py) ran earlier and is declared.
    section, _ = Section.objects.update_or_create(
        election=election,
        slug="clp-section",
        defaults={
            "name": "CLP section",
            "seats": 9,
            "min_women": 4,
            "freeze_date": (today - dt.timedelta(days=90)).date(),
            "nomination_opens": (today - dt.timedelta(days=7)).replace(hour=9),
            "nomination_closes": (today + dt.timedelta(days=21)).replace(hour=12),
            "ballot_opens": (today + dt.timedelta(days=35)).replace(hour=9),
            "ballot_closes": (today + dt.timedelta(days=63)).replace(hour=12),
            "counting_method": "ers97",
        },
    )
    return election, section


def _load_candidates(election: Election, section: Section, clps: dict[str, CLP], users: dict) -> None:
    slates = []
    for name, description in SLATES:
        slate, _ = Slate.objects.update_or_create(
            election=election, slug=slugify(name), defaults={"name": name, "description": description}
        )
        slates.append(slate)
    positions = {slate.pk: 0 for slate in slates}
    for name, gender, home, slate_numbers in CANDIDATES:
        candidate, _ = Candidate.objects.update_or_create(
            section=section,
            slug=slugify(name),
            defaults={
                "display_name": name,
                "home_clp": clps[home],
                "gender": gender,
                "show_gender": gender in {Gender.WOMAN, Gender.NON_BINARY} and random.Random(name).random() < 0.5,
                "user": users["candidate"] if name == "Ayesha Rahman" else None,
            },
        )
        for number in slate_numbers:
            slate = slates[number]
            positions[slate.pk] += 1
            Endorsement.objects.update_or_create(
                slate=slate, candidate=candidate, defaults={"position": positions[slate.pk]}
            )
