from django.urls import path

from ballots.results import analysis_views, comparison_views, count_views, reveal_views, verification_views, views

app_name = "results"

urlpatterns = [
    path("results/", views.index, name="index"),
    path("results/audit/", views.audit_log, name="audit"),
    path("results/ballot-sets/<int:pk>/", views.ballot_set_detail, name="ballot_set"),
    path("results/ballot-sets/<int:pk>/ballots", views.ballot_set_download, name="ballot_set_download"),
    path("results/ballot-sets/<int:pk>/count/", views.count_create, name="count_create"),
    path("results/returns/<int:pk>/", views.return_detail, name="return"),
    path("results/returns/<int:pk>/count/", views.return_count, name="return_count"),
    path("results/counts/<int:pk>/", count_views.count_detail, name="count"),
    path("results/counts/<int:pk>/status.json", count_views.count_status, name="count_status"),
    path("results/counts/<int:pk>/result.<str:fmt>", count_views.count_download, name="count_download"),
    path("results/counts/<int:pk>/analysis/", analysis_views.count_analysis, name="analysis"),
    path(
        "results/counts/<int:pk>/analysis/<slug:table>.<str:fmt>",
        analysis_views.analysis_download,
        name="analysis_download",
    ),
    path("results/counts/<int:pk>/ballots-as-counted.blt", verification_views.kit_ballots, name="kit_ballots"),
    path("results/counts/<int:pk>/check/", verification_views.kit_check, name="kit_check"),
    path("results/counts/<int:pk>/compare/", comparison_views.comparison_create, name="comparison_create"),
    path("results/comparisons/<int:pk>/", comparison_views.comparison_detail, name="comparison"),
    path("results/comparisons/<int:pk>/status.json", comparison_views.comparison_status, name="comparison_status"),
    path("results/counts/<int:pk>/live/", reveal_views.live_page, name="live"),
    path("results/counts/<int:pk>/live/next/", reveal_views.reveal_next, name="reveal_next"),
    path("results/counts/<int:pk>/declare/", count_views.count_declare, name="count_declare"),
    path("results/counts/<int:pk>/recount/", count_views.count_recount, name="count_recount"),
    path("results/counts/<int:pk>/rerun/", count_views.count_rerun, name="count_rerun"),
    path("results/<slug:election_slug>/<slug:section_slug>/", views.section_results, name="section"),
    path("results/<slug:election_slug>/<slug:section_slug>/upload/", views.ballot_set_upload, name="upload"),
    path("results/<slug:election_slug>/<slug:section_slug>/returns/new/", views.return_create, name="return_create"),
    path("results/<slug:election_slug>/<slug:section_slug>/discard/", views.section_discard, name="discard"),
]
