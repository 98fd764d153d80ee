from django.urls import path

from ballots.results import analysis_apis, apis

urlpatterns = [
    path("results/ballot-sets/", apis.BallotSetListCreate.as_view(), name="ballot_sets"),
    path("results/ballot-sets/<int:pk>/", apis.BallotSetDetail.as_view(), name="ballot_set"),
    path("results/returns/", apis.ReturnListCreate.as_view(), name="returns"),
    path("results/counts/", apis.CountListCreate.as_view(), name="counts"),
    path("results/counts/<int:pk>/", apis.CountDetail.as_view(), name="count"),
    path("results/counts/<int:pk>/analysis/", analysis_apis.CountAnalysis.as_view(), name="count_analysis"),
    path("results/counts/<int:pk>/compare/", analysis_apis.CountCompare.as_view(), name="count_compare"),
    path("results/comparisons/<int:pk>/", analysis_apis.ComparisonDetail.as_view(), name="comparison"),
    path("results/counts/<int:pk>/reveal/", analysis_apis.CountReveal.as_view(), name="count_reveal"),
    path("results/counts/<int:pk>/declare/", apis.CountDeclare.as_view(), name="count_declare"),
    path("results/counts/<int:pk>/recount/", apis.CountRecount.as_view(), name="count_recount"),
    path("results/counts/<int:pk>/rerun/", apis.CountRerun.as_view(), name="count_rerun"),
    path("results/declared/", apis.DeclaredResultList.as_view(), name="declared_results"),
    path("results/sections/<int:section_id>/discard/", apis.SectionDiscard.as_view(), name="section_discard"),
]
