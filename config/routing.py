"""All websocket routes: each app lists its own in ``<app>/routing.py``."""

from ballots.routing import websocket_urlpatterns as ballots_routes
from hustings.routing import websocket_urlpatterns as hustings_routes

websocket_urlpatterns = [*hustings_routes, *ballots_routes]
