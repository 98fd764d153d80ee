"""Navigation links for the signed-in person's roles (rendered in templates/base.html)."""

from django.urls import reverse

from elections.permissions import offices_held


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = [("Home", reverse("elections:home")), ("Hustings", reverse("hustings:list"))]
    for office in offices_held(user):
        links.append(
            (
                f"{office.clp.name} ({office.get_office_display().lower()})",
                reverse("elections:clp_office", args=[office.clp.slug]),
            )
        )
    for election in user.elections_as_returning_officer.all():
        links.append((f"Manage {election.name}", reverse("elections:election_manage", args=[election.slug])))
    links.append(("Ballots", reverse("voting:index")))
    links.append(("Results", reverse("results:index")))
    if user.is_staff:
        links.append(("Admin", reverse("admin:index")))
    return {"nav_links": links}
