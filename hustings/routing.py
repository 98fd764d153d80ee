from django.urls import path

from hustings.consumers import HustingsConsumer

websocket_urlpatterns = [
    path("ws/hustings/<int:hustings_id>/", HustingsConsumer.as_asgi()),
]
