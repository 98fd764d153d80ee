"""The REST API under /api/, one namespace (``api:``): each app's endpoints plus the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

app_name = "api"

urlpatterns = [
    path("", include("elections.api_urls")),
    path("", include("ballots.nominations.api_urls")),
    path("", include("ballots.results.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
