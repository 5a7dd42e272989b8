"""Many clients at once: every write lands, none fails with "database is locked"."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]


def test_concurrent_writes_and_reads_all_succeed(api_as: Client) -> None:
    writers = [api_as("admin") for _ in range(6)]
    readers = [api_as("viewer") for _ in range(3)]

    def write(n: int) -> list[int]:
        client = writers[n]
        codes = []
        for i in range(5):
            created = client.post("/api/v1/teams", json={"name": f"T{n}-{i}"})
            codes.append(created.status_code)
            team = created.json()
            codes.append(client.patch(f"/api/v1/teams/{team['id']}",
                                      json={"version": team["version"], "mission": "m"}).status_code)
        return codes

    def read(n: int) -> list[int]:
        return [readers[n].get("/api/v1/teams").status_code for _ in range(10)]

    with ThreadPoolExecutor(max_workers=9) as pool:
        pending_writes = [pool.submit(write, n) for n in range(6)]
        pending_reads = [pool.submit(read, n) for n in range(3)]
        writes = [f.result() for f in pending_writes]
        reads = [f.result() for f in pending_reads]
    assert all(code in (200, 201) for codes in writes for code in codes), writes
    assert all(code == 200 for codes in reads for code in codes)
    teams = writers[0].get("/api/v1/teams").json()
    assert len([t for t in teams if t["name"].startswith("T")]) == 30
    assert all(t["mission"] == "m" for t in teams if t["name"].startswith("T"))
