from django.urls import path

from hustings.consumers import HustingsPage

websocket_urlpatterns = [
    path("ws/hustings/<int:hustings_id>/", HustingsPage.as_asgi()),
]
