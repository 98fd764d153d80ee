from django.urls import path

from ballots.results.live import CountPage

websocket_urlpatterns = [
    path("ws/counts/<int:count_id>/", CountPage.as_asgi()),
]
