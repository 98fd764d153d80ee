"""REST endpoints for elections data (candidates, slates, statements) — see elections/apis.py."""

from django.urls import path

from elections import apis

urlpatterns = [
    path("elections/", apis.ElectionList.as_view(), name="election_list"),
    path("sections/<int:section_id>/candidates/", apis.SectionCandidateList.as_view(), name="section_candidates"),
    path(
        "sections/<int:section_id>/statements-lock/",
        apis.SectionStatementsLock.as_view(),
        name="section_statements_lock",
    ),
    path("candidates/<int:pk>/", apis.CandidateDetail.as_view(), name="candidate_detail"),
    path("candidates/<int:candidate_id>/statements/<slug:kind>/", apis.CandidateStatement.as_view(), name="statement"),
    path(
        "candidates/<int:candidate_id>/statements/<slug:kind>/revisions/",
        apis.StatementRevisionList.as_view(),
        name="statement_revisions",
    ),
    path(
        "candidates/<int:candidate_id>/statements/<slug:kind>/hide/",
        apis.StatementHide.as_view(),
        name="statement_hide",
    ),
    path("slates/", apis.SlateList.as_view(), name="slate_list"),
    path("slates/<int:pk>/", apis.SlateDetail.as_view(), name="slate_detail"),
]
