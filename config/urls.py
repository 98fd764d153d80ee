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
