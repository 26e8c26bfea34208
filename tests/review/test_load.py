"""Load on the review server: 20 clients saving different segments at once for 30 seconds,
on loopback, bounded in time and in count. Every acknowledged save is on disk afterwards,
none lost or mixed up with another client's, and no answer is a 5xx."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import pytest

from pipeline.core.model import State

from .review_helpers import load_segments

pytestmark = pytest.mark.slow  # 30 s of load

CLIENTS = 20
SECONDS = float(os.environ.get("REVIEW_LOAD_SECONDS", "30"))
MAX_SAVES_PER_CLIENT = 2000  # a bound on the loop whatever the speed


def test_twenty_clients_saving_for_thirty_seconds_lose_nothing(server):
    rows = server.segments()
    mine = {k: rows[k::CLIENTS] for k in range(CLIENTS)}  # each client owns its own segments
    statuses: Counter[int] = Counter()
    acknowledged: dict[str, str] = {}  # segment id → the last target the server said was saved
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(k: int) -> None:
        revisions = {row["id"]: row["revision"] for row in mine[k]}
        for n in range(MAX_SAVES_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            row = mine[k][n % len(mine[k])]
            target = f"Client {k}, save {n}: {row['id']}"
            try:
                status, body, _ = server.put(row, target, "reviewed", revision=revisions[row["id"]])
            except OSError as err:  # a refused or reset connection is a failure too
                with lock:
                    errors.append(f"client {k}: {err}")
                return
            with lock:
                statuses[status] += 1
                if status == 200:
                    revisions[row["id"]] = body["revision"]
                    acknowledged[row["id"]] = target
                else:
                    errors.append(f"client {k}: {status} {body}")

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SECONDS + 60)
    assert not any(thread.is_alive() for thread in threads)

    assert errors == [], f"{len(errors)} failed saves, first: {errors[:3]}; statuses {dict(statuses)}"
    assert statuses[200] >= CLIENTS  # every client got through at least once
    on_disk = {s.id: s for s in load_segments(server.root)}
    for sid, target in acknowledged.items():
        assert (on_disk[sid].target, on_disk[sid].state) == (target, State.REVIEWED), sid
    untouched = {row["id"] for row in rows} - set(acknowledged)
    for sid in untouched:  # a segment nobody saved is as it was
        assert on_disk[sid].target == next(row["target"] for row in rows if row["id"] == sid)
    print(f"{statuses[200]} saves in {SECONDS:.0f} s by {CLIENTS} clients")
