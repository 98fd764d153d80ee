"""All websocket routes: each app lists its live pages in its own ``routing.py``."""

from ballots.nominations.routing import websocket_urlpatterns as nomination_routes
from ballots.results.routing import websocket_urlpatterns as result_routes
from ballots.voting.routing import websocket_urlpatterns as voting_routes
from hustings.routing import websocket_urlpatterns as hustings_routes

websocket_urlpatterns = [*hustings_routes, *nomination_routes, *result_routes, *voting_routes]
