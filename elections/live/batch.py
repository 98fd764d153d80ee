"""Run database work for many sockets in one call: the per-process half of a cheap join.

``await batcher.submit(item)`` returns ``work(items)[i]`` for its item. At most one call of
``work`` is in flight per batcher; everything submitted meanwhile forms the next batch, so an
idle process answers at once and a storm of joins costs a few queries per batch, not per socket.
``work`` runs in a worker thread (not Channels' single database thread) with Django's connection
handling (``database_sync_to_async``).
"""

from __future__ import annotations

import asyncio
import logging

from channels.db import database_sync_to_async

log = logging.getLogger(__name__)


class Batcher:
    def __init__(self, work, *, max_batch: int = 500):
        self.work, self.max_batch = work, max_batch
        self.queue: list[tuple[object, asyncio.Future]] = []
        self.running: asyncio.Task | None = None

    def __len__(self) -> int:
        return len(self.queue)

    async def submit(self, item):
        future = asyncio.get_running_loop().create_future()
        self.queue.append((item, future))
        if self.running is None:
            self.running = asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self.queue:
                batch, self.queue = self.queue[: self.max_batch], self.queue[self.max_batch :]
                try:
                    results = await database_sync_to_async(self.work, thread_sensitive=False)([i for i, _ in batch])
                except Exception as exc:  # every waiter hears of the failure; the next batch still runs
                    log.exception("live: batched work failed")
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), result in zip(batch, results):
                    if not future.done():
                        future.set_result(result)
        finally:
            self.running = None
