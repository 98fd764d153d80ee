from django.urls import path

from ballots.nominations.consumers import NominationsConsumer

websocket_urlpatterns = [
    path("ws/nominations/<int:section_id>/", NominationsConsumer.as_asgi()),
]
