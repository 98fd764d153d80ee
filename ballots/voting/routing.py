from django.urls import path

from ballots.voting.consumers import TurnoutConsumer

websocket_urlpatterns = [
    path("ws/voting/<int:ballot_id>/", TurnoutConsumer.as_asgi()),
]
