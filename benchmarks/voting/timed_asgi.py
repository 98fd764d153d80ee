"""The platform's ASGI application, with each HTTP response's server time in a header.

``Server-Timing: app;dur=<ms>``: from the request reaching Django's ASGI handler to the response
starting (the whole response is ready by then; nothing here streams). For the load test only:
run Daphne with ``benchmarks.voting.timed_asgi:application``.
"""

import time

from config.asgi import application as platform


async def application(scope, receive, send):
    if scope["type"] != "http":
        return await platform(scope, receive, send)
    started = time.perf_counter()

    async def timed_send(message):
        if message["type"] == "http.response.start":
            ms = (time.perf_counter() - started) * 1000
            message = {
                **message,
                "headers": [*message.get("headers", []), (b"server-timing", f"app;dur={ms:.2f}".encode())],
            }
        await send(message)

    return await platform(scope, receive, timed_send)
