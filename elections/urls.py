from django.urls import path

from elections import views

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
]
