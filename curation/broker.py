"""The filesystem broker of `make run`, reading its queues in the order a worker lists them, as Redis does.

kombu's filesystem transport takes turns between queues (a fair cycle): behind a backlog of full rendition sets, a
thumbnail or a scheduled opening would wait for every other queue's turn. Redis reads queues in priority order
(`queue_order_strategy`); this transport does the same, so a worker reading "urgent,thumbnails,renditions,
housekeeping" always takes the first message of the first queue that has one. curation/celery.py makes it what
"filesystem://" means.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps
from kombu.utils.scheduling import FairCycle


class PriorityCycle(FairCycle):
    """Every poll starts again from the first queue, rather than from the one after the last served."""

    def get(self, callback, **kwargs):  # noqa: ANN001, ANN201 - kombu's signature
        self.pos = 0
        return super().get(callback, **kwargs)


class Channel(filesystem.Channel):
    def _reset_cycle(self) -> None:
        self._cycle = PriorityCycle(self._get_and_deliver, self._active_queues, filesystem.Empty)

    def _put(self, queue: str, payload: dict, **kwargs: object) -> None:
        # kombu creates the message file under its final name and then writes it: a worker polling at that moment
        # takes an empty file and dies on it (seen when a batch's 300 full sets are queued at once). Written under
        # another name and renamed, a message appears whole or not at all. Same name as kombu's, so the same order.
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        try:
            with open(f"{final}.part", "wb") as partial:
                partial.write(str_to_bytes(dumps(payload)))
            os.replace(f"{final}.part", final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
