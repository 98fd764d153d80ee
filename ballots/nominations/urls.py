from django.urls import path

from ballots.nominations import views

app_name = "nominations"

section = "<slug:election_slug>/<slug:section_slug>/"

urlpatterns = [
    path(f"{section}nominations/", views.tracker, name="tracker"),
    path(f"{section}nominations.csv", views.tracker_csv, name="csv"),
    path(f"{section}nominations/counts.csv", views.counts_csv, name="counts_csv"),
    path(f"{section}nominations/trail/", views.trail, name="trail"),
    path(f"{section}nominations/trail.csv", views.trail_csv, name="trail_csv"),
    path(f"{section}nominations/rules/", views.rules, name="rules"),
    path(f"{section}nominations/import/", views.import_csv, name="import"),
    path(f"{section}nominations/affiliates/", views.affiliates, name="affiliates"),
    path(f"{section}nominations/affiliates/<int:pk>/remove/", views.affiliate_remove, name="affiliate_remove"),
    path(f"{section}clps/<slug:clp_slug>/nominations/", views.clp_nominations, name="clp"),
    path(f"{section}clps/<slug:clp_slug>/nominations/withdraw/", views.clp_withdraw, name="withdraw"),
]
