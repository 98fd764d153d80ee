from django.urls import include, path

urlpatterns = [
    path("", include("ballots.nominations.api_urls")),
    path("", include("ballots.results.api_urls")),
]
