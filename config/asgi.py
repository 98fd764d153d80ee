"""ASGI entry point for Daphne: HTTP through Django, websockets through Channels.

Websockets are accepted only from the site's own origins (ALLOWED_HOSTS) and carry the Django
session, so consumers know who is connected. Misconfiguration stops the process at start-up with
one line (see config.startup).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _build():
    import django

    django.setup()
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.conf import settings
    from django.core.asgi import get_asgi_application

    from config.routing import websocket_urlpatterns
    from config.startup import check_services

    http = get_asgi_application()
    if settings.SERVE_STATIC:
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        http = ASGIStaticFilesHandler(http)
    if os.environ.get("NEC_SKIP_STARTUP_CHECKS") != "1":
        check_services()
    return ProtocolTypeRouter(
        {
            "http": http,
            "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    )


from config.startup import exit_on_error  # noqa: E402  (needs DJANGO_SETTINGS_MODULE set first)

application = exit_on_error(_build)
