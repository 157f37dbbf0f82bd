"""The README's first command, run as a newcomer would: the demo serves pages and its API."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
        return response.status, response.read()


def test_demo_migrates_loads_data_starts_a_worker_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "COOPCOUNCIL_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "coopcouncil.config.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    log = (tmp_path / "demo.log").open("w+")
    process = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "coopcouncil", "demo", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "demo.log").read_text()
                assert time.monotonic() < deadline, "the demo did not start within two minutes"
                time.sleep(0.5)
        assert status == 200 and b"Decide together how your council works" in body
        status, body = _get(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        assert status == 200 and json.loads(body)["info"]["title"] == "Co-op Council API"
        status, body = _get(f"http://127.0.0.1:{port}/api/v1/communities")
        assert any(c["slug"] == "youth-services" for c in json.loads(body))
        output = (tmp_path / "demo.log").read_text()
        assert "ben.clarke@lambeth.example" in output and "TOTP secret" in output
        assert "/account/claim/" in output and "claim code" in output
        assert "Task worker started" in output
        assert (tmp_path / "coopcouncil.sqlite3").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()
