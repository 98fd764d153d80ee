from django.urls import path

from ballots.results.live import CountPage, RevealPage

websocket_urlpatterns = [
    path("ws/counts/<int:count_id>/", CountPage.as_asgi()),
    path("ws/results/counts/<int:pk>/live/", RevealPage.as_asgi()),
]
