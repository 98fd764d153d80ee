from django.urls import path

from elections import statement_views, views

CANDIDATE = "elections/<slug:election_slug>/<slug:section_slug>/candidates/<slug:candidate_slug>/"
STATEMENT = CANDIDATE + "statements/<slug:kind>/"

app_name = "elections"

urlpatterns = [
    path("", views.home, name="home"),
    path("clps/<slug:clp_slug>/office/", views.clp_office, name="clp_office"),
    path("elections/<slug:election_slug>/", views.election_detail, name="election_detail"),
    path("elections/<slug:election_slug>/manage/", views.election_manage, name="election_manage"),
    path("elections/<slug:election_slug>/slates/<slug:slate_slug>/", views.slate_detail, name="slate_detail"),
    path("elections/<slug:election_slug>/<slug:section_slug>/", views.section_detail, name="section_detail"),
    path(
        "elections/<slug:election_slug>/<slug:section_slug>/settings/", views.section_settings, name="section_settings"
    ),
    path(
        "elections/<slug:election_slug>/<slug:section_slug>/candidates/<slug:candidate_slug>/",
        views.candidate_detail,
        name="candidate_detail",
    ),
    path("elections/<slug:election_slug>/<slug:section_slug>/compare/", views.compare, name="compare"),
    path(
        "elections/<slug:election_slug>/<slug:section_slug>/statements/lock/",
        statement_views.statements_lock,
        name="statements_lock",
    ),
    path(CANDIDATE + "profile/", statement_views.candidate_profile, name="candidate_profile"),
    path(STATEMENT + "edit/", statement_views.statement_edit, name="statement_edit"),
    path(STATEMENT + "history/", statement_views.statement_history, name="statement_history"),
    path(STATEMENT + "diff/", statement_views.statement_diff, name="statement_diff"),
    path(STATEMENT + "hide/", statement_views.statement_hide, name="statement_hide"),
    path(STATEMENT + "unhide/", statement_views.statement_unhide, name="statement_unhide"),
]
