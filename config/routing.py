"""All websocket routes: each app lists its own in ``<app>/routing.py``."""

from ballots.nominations.routing import websocket_urlpatterns as nomination_routes
from ballots.results.routing import websocket_urlpatterns as results_routes
from ballots.voting.routing import websocket_urlpatterns as voting_routes
from hustings.routing import websocket_urlpatterns as hustings_routes

websocket_urlpatterns = [*hustings_routes, *nomination_routes, *voting_routes, *results_routes]
