"""ASGI entry point for Daphne: HTTP through Django, websockets through Channels.

Websockets go through the live package's stack (elections/live/asgi.py): only pages of this
site (same scheme, host and port) may connect, the session cookie says who is connected, and
every refusal is a close code the page understands. Misconfiguration stops the process at
start-up with one line (see config.startup). The process's cyclic garbage collector runs with
``LIVE_GC_THRESHOLDS`` (docs/operations.md).
"""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _build():
    import django

    django.setup()
    from channels.routing import ProtocolTypeRouter
    from django.conf import settings
    from django.core.asgi import get_asgi_application

    from config.routing import websocket_urlpatterns
    from config.startup import check_services
    from elections.live.asgi import websocket_app

    http = get_asgi_application()
    if settings.SERVE_STATIC:
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        http = ASGIStaticFilesHandler(http)
    if os.environ.get("NEC_SKIP_STARTUP_CHECKS") != "1":
        check_services()
    _close_cleanly_over_the_size_limit()
    gc.set_threshold(*settings.LIVE_GC_THRESHOLDS)
    return ProtocolTypeRouter({"http": http, "websocket": websocket_app(websocket_urlpatterns)})


def _close_cleanly_over_the_size_limit():
    """Daphne fails a websocket whose frame exceeds its limit (1 MB) by dropping the TCP connection
    (autobahn's ``failByDrop``), so the page sees 1006 and no reason. Make it send a close frame
    (1009, message too big) instead. Frames under 1 MB but over ``WEBSOCKET_MAX_MESSAGE_BYTES``
    get an error reply from the live package and the socket stays open."""
    try:
        from daphne import server
    except ImportError:  # served by something else: nothing to adjust
        return
    base = server.WebSocketFactory
    if getattr(base, "closes_cleanly", False):
        return

    class CleanClosingFactory(base):
        closes_cleanly = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.setProtocolOptions(failByDrop=False)

    server.WebSocketFactory = CleanClosingFactory


from config.startup import exit_on_error  # noqa: E402  (needs DJANGO_SETTINGS_MODULE set first)

application = exit_on_error(_build)
