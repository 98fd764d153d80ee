from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("elections.urls")),
    path("hustings/", include("hustings.urls")),
    path("ballots/", include("ballots.nominations.urls")),
    path("ballots/", include("ballots.results.urls")),
    path("voting/", include("ballots.voting.urls")),
    path("api/", include("config.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Under /api/ these answer JSON in the API's error shape; elsewhere, the usual pages.
handler400 = "elections.api_errors.bad_request"
handler403 = "elections.api_errors.permission_denied"
handler404 = "elections.api_errors.page_not_found"
handler500 = "elections.api_errors.server_error"
