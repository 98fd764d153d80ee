"""The REST API under /api/: each app's endpoints plus the OpenAPI schema (/api/schema/)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("elections.api_urls")),
    path("", include("ballots.api_urls")),
    path("", include("hustings.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
