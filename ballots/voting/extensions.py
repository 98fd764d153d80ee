"""What online ballots add to the elections pages (registered in ballots/apps.py)."""

from django.urls import reverse

from elections.extensions import Link


def nav_links(user) -> list[Link]:
    return [Link("Ballots", reverse("voting:index"))]


def load_demo():
    from ballots.voting import demo

    return demo.load()
