from django.urls import path

from ballots.voting.consumers import TurnoutPage

websocket_urlpatterns = [
    path("ws/voting/<int:ballot_id>/", TurnoutPage.as_asgi()),
]
