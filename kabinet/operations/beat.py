"""Beat, run on as many machines as wished, sends each periodic task once: only the holder of
a lease in Redis (the broker) sends, the others wait and take the lease over when its holder
stops renewing it (``KABINET_BEAT_LEASE_SECONDS``). Without Redis (the embedded filesystem
broker, one machine, one beat) there is nothing to share and no lease is taken."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import redis
from celery import Celery
from celery.beat import PersistentScheduler
from django.conf import settings

log = logging.getLogger(__name__)
LEASE_KEY = "kabinet:beat-leader"

# Take the lease if free, or renew it if it is ours; one atomic step either way.
_HOLD = """
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Lease:
    """A named lease in Redis held by one token at a time, for ``seconds`` after its last
    renewal."""

    def __init__(self, url: str, *, key: str = LEASE_KEY, seconds: float) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.key = key
        self.seconds = seconds
        self.token = uuid.uuid4().hex

    def hold(self) -> bool:
        """True if this holder has the lease now (taken or renewed); False if another has
        it or Redis does not answer (a beat that cannot tell must not send)."""
        try:
            held = self.client.eval(_HOLD, 1, self.key, self.token, int(self.seconds * 1000))
        except redis.RedisError as exc:
            log.warning("beat lease %s unknown: %s", self.key, exc)
            return False
        return bool(held)

    def release(self) -> None:
        try:
            self.client.eval(_RELEASE, 1, self.key, self.token)
        except redis.RedisError:
            log.warning("beat lease %s not released; it expires by itself", self.key)


class LeasedScheduler(PersistentScheduler):
    """Celery's persistent scheduler that ticks only while it holds the lease."""

    lease: Lease | None

    def __init__(self, app: Celery, *args: Any, **kwargs: Any) -> None:
        url = str(app.conf.broker_url or "")
        seconds = float(getattr(settings, "KABINET_BEAT_LEASE_SECONDS", 30))
        key = str(kwargs.pop("lease_key", LEASE_KEY))
        self.lease = Lease(url, key=key, seconds=seconds) if url.startswith("redis") else None
        self.leading = False
        super().__init__(app, *args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if self.lease is None:
            return float(super().tick(*args, **kwargs))
        leading = self.lease.hold()
        if leading != self.leading:
            log.info("beat %s the lease", "took" if leading else "lost")
            self.leading = leading
        # Renew well within the lease, so a busy tick never lets it lapse.
        renew_within = self.lease.seconds / 3
        if not leading:
            return renew_within
        return min(float(super().tick(*args, **kwargs)), renew_within)

    def close(self) -> None:
        super().close()
        if self.lease is not None and self.leading:
            self.lease.release()
