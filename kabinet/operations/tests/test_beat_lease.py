"""Two beats racing on one Redis (two Celery apps, as on two machines, each with its own
leased scheduler ticking in its own thread): the SLA scan is sent once per period, not
twice; when the leading beat dies without a word, the other takes over within the lease."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import LazySettings

from kabinet.operations.beat import Lease, LeasedScheduler

REDIS_URL = "redis://127.0.0.1:6379/15"
PERIOD = 0.5


def _beat_app(queue: str) -> Celery:
    beat_app = Celery("kabinet-beat-test", broker=REDIS_URL)
    beat_app.conf.beat_schedule = {
        "sla-scan": {
            "task": "kabinet.tickets.tasks.scan_sla",
            "schedule": PERIOD,
            "options": {"queue": queue},
        }
    }
    return beat_app


class Beat(threading.Thread):
    """One beat: its own app, schedule file and scheduler (made in its thread, as the
    schedule's shelve wants), running beat's loop (``celery.beat.Service.start``)."""

    def __init__(self, queue: str, schedule: Path, lease_key: str) -> None:
        super().__init__()
        self.args_ = (queue, schedule, lease_key)
        self.stop = threading.Event()
        self.leading = False

    def run(self) -> None:
        queue, schedule, key = self.args_
        scheduler = LeasedScheduler(
            _beat_app(queue), schedule_filename=str(schedule), lease_key=key
        )
        while not self.stop.is_set():
            delay = scheduler.tick()
            self.leading = scheduler.leading
            self.stop.wait(min(delay, 0.05))


@pytest.fixture
def queue() -> str:
    return f"kabinet-test-beat-{uuid.uuid4().hex}"


def _sent(queue: str) -> int:
    return int(redis.Redis.from_url(REDIS_URL).llen(queue))


def test_two_beats_send_the_scan_once_per_period_and_the_survivor_takes_over(
    settings: LazySettings, tmp_path: Path, queue: str
) -> None:
    settings.KABINET_BEAT_LEASE_SECONDS = 1
    key = f"kabinet:test-beat-leader:{uuid.uuid4().hex}"
    beats = [Beat(queue, tmp_path / f"beat{i}", key) for i in range(2)]
    try:
        for beat in beats:
            beat.start()
        time.sleep(4)
        both_running = _sent(queue)
        leaders = [beat for beat in beats if beat.leading]
        assert len(leaders) == 1
        # About 4 s / 0.5 s = 8 sends; two unleased beats would send about 16.
        assert 6 <= both_running <= 10, both_running

        # The leader dies without releasing its lease (kill -9): the other takes over once
        # the lease lapses, and the scan goes on at its period.
        dead = beats.index(leaders[0])
        beats[dead].stop.set()
        beats[dead].join()
        time.sleep(4)
        after = _sent(queue) - both_running
        assert beats[1 - dead].leading is True
        # 1 s without a leader, then about 3 s / 0.5 s = 6 sends.
        assert 4 <= after <= 9, after
    finally:
        for beat in beats:
            beat.stop.set()
            beat.join()
        redis.Redis.from_url(REDIS_URL).delete(queue, key)


def test_a_lease_is_held_by_one_holder_until_it_lapses() -> None:
    key = f"kabinet:test-lease:{uuid.uuid4().hex}"
    first, second = (Lease(REDIS_URL, key=key, seconds=0.3) for _ in range(2))
    assert first.hold() is True
    assert second.hold() is False
    assert first.hold() is True  # renewed
    time.sleep(0.4)
    assert second.hold() is True
    assert first.hold() is False
    second.release()
    assert first.hold() is True
    first.release()


def test_a_beat_that_cannot_reach_redis_does_not_send() -> None:
    assert Lease("redis://127.0.0.1:9/0", seconds=1).hold() is False
