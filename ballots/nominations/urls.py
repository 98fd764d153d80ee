from django.urls import path

from ballots.nominations import views

section = "<slug:election_slug>/<slug:section_slug>/"

urlpatterns = [
    path(f"{section}nominations/", views.tracker, name="nominations_tracker"),
    path(f"{section}nominations.csv", views.tracker_csv, name="nominations_csv"),
    path(f"{section}nominations/counts.csv", views.counts_csv, name="nominations_counts_csv"),
    path(f"{section}nominations/trail/", views.trail, name="nominations_trail"),
    path(f"{section}nominations/trail.csv", views.trail_csv, name="nominations_trail_csv"),
    path(f"{section}nominations/rules/", views.rules, name="nominations_rules"),
    path(f"{section}nominations/import/", views.import_csv, name="nominations_import"),
    path(f"{section}nominations/affiliates/", views.affiliates, name="nominations_affiliates"),
    path(f"{section}clps/<slug:clp_slug>/nominations/", views.clp_nominations, name="nominations_clp"),
    path(f"{section}clps/<slug:clp_slug>/nominations/withdraw/", views.clp_withdraw, name="nominations_withdraw"),
]
