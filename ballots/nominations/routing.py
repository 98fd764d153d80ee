from django.urls import path

from ballots.nominations.consumers import TrackerPage

websocket_urlpatterns = [
    path("ws/nominations/<int:section_id>/", TrackerPage.as_asgi()),
]
