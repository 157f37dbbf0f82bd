"""The ``coopcouncil`` command: Django's management commands, plus ``demo``.

``coopcouncil demo`` migrates the embedded database, loads the demo borough, starts a task
worker beside the web server and serves http://127.0.0.1:8000.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "tally":
        # Recounting needs no Django settings and no database.
        from coopcouncil.allocation.tally import main as tally_main

        sys.exit(tally_main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopcouncil.config.settings.dev")
    if len(argv) > 1 and argv[1] == "demo":
        demo(argv[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def demo(args: list[str]) -> None:
    from pathlib import Path

    import django
    from django.conf import settings
    from django.core.management import call_command

    address = args[0] if args else "127.0.0.1:8000"
    django.setup()
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_load")
    sys.stdout.flush()
    # The worker runs tasks (emails, notifications) from the same database as the web server.
    worker = subprocess.Popen([sys.executable, "-m", "coopcouncil", "db_worker", "--interval", "1", "--no-reload"])
    print(f"Task worker started (pid {worker.pid}). Serving http://{address}/  (Ctrl+C stops both)", flush=True)
    try:
        call_command("runserver", address, use_reloader=False)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
