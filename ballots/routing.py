from ballots.nominations.routing import websocket_urlpatterns as nomination_routes
from ballots.results.routing import websocket_urlpatterns as result_routes

websocket_urlpatterns = [*nomination_routes, *result_routes]
