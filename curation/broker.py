"""The filesystem broker of `make run`, reading its queues in the order a worker lists them, as Redis does.

kombu's filesystem transport takes turns between queues (a fair cycle): behind a backlog of full rendition sets, a
thumbnail or a scheduled opening would wait for every other queue's turn. Redis reads queues in priority order
(`queue_order_strategy`); this transport does the same, so a worker reading "urgent,thumbnails,renditions,
housekeeping" always takes the first message of the first queue that has one. curation/celery.py makes it what
"filesystem://" means.
"""

from __future__ import annotations

from kombu.transport import filesystem
from kombu.utils.scheduling import FairCycle


class PriorityCycle(FairCycle):
    """Every poll starts again from the first queue, rather than from the one after the last served."""

    def get(self, callback, **kwargs):  # noqa: ANN001, ANN201 - kombu's signature
        self.pos = 0
        return super().get(callback, **kwargs)


class Channel(filesystem.Channel):
    def _reset_cycle(self) -> None:
        self._cycle = PriorityCycle(self._get_and_deliver, self._active_queues, filesystem.Empty)


class Transport(filesystem.Transport):
    Channel = Channel
