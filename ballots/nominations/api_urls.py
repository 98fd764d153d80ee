from django.urls import path

from ballots.nominations import apis

base = "nominations/sections/<int:section_id>/"

urlpatterns = [
    path(base, apis.Tracker.as_view(), name="nominations_tracker"),
    path(f"{base}clps/", apis.ClpList.as_view(), name="nominations_clps"),
    path(f"{base}clps/<slug:clp_slug>/", apis.ClpSet.as_view(), name="nominations_clp"),
    path(f"{base}clps/<slug:clp_slug>/withdraw/", apis.ClpWithdraw.as_view(), name="nominations_withdraw"),
]
