from django.urls import path

from ballots.results.consumers import RevealConsumer

websocket_urlpatterns = [
    path("ws/results/counts/<int:pk>/live/", RevealConsumer.as_asgi()),
]
