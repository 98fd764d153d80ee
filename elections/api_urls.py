"""REST endpoints for elections data (candidates, slates, statements) — see elections/apis.py."""

from django.urls import path

from elections import apis

urlpatterns = [
    path("elections/", apis.ElectionList.as_view(), name="api_election_list"),
]
