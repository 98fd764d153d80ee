"""Navigation links for the signed-in person's roles (rendered in templates/base.html).

The base's own links (home, CLP offices, elections managed, admin) are made here; apps add theirs
(hustings, results) through ``elections.extensions``.
"""

from django.urls import reverse

from elections import extensions
from elections.extensions import NAV_ADMIN, NAV_HOME, NAV_MANAGE, NAV_OFFICES, Link
from elections.permissions import offices_held


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    own = [(NAV_HOME, Link("Home", reverse("elections:home")))]
    for office in offices_held(user):
        label = f"{office.clp.name} ({office.get_office_display().lower()})"
        own.append((NAV_OFFICES, Link(label, reverse("elections:clp_office", args=[office.clp.slug]))))
    for election in user.elections_as_returning_officer.all():
        own.append((NAV_MANAGE, Link(f"Manage {election.name}", election_manage_url(election))))
    if user.is_staff:
        own.append((NAV_ADMIN, Link("Admin", reverse("admin:index"))))
    return {"nav_links": [(link.text, link.url) for link in extensions.nav_links(user, own)]}


def election_manage_url(election) -> str:
    return reverse("elections:election_manage", args=[election.slug])
