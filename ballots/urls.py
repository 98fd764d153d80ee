from django.urls import include, path

urlpatterns = [
    path("", include("ballots.nominations.urls")),
    path("", include("ballots.results.urls")),
]
