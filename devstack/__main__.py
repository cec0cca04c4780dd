"""`python -m devstack`: run the whole desk locally until Ctrl-C or SIGTERM.

Stopping takes at most GRACE_SECONDS: the servers get STOP_SECONDS to stop, the data is
flushed to disk, and the process ends with `os._exit` whatever threads are still running (the
emulator's Step Functions executions, a request in flight). A second signal ends it at once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from . import statedir
from .stack import ROOT, LocalStack

GRACE_SECONDS = 4.5


def main() -> int:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    state_dir = Path(os.environ.get("LOCAL_STATE_DIR", ROOT / ".local"))
    stack = LocalStack(
        state_dir=state_dir,
        api_port=int(os.environ.get("PORT", "8000")),
        smtp_port=int(os.environ.get("SMTP_PORT", "2525")),
        sla_scale=os.environ.get("SLA_SCALE", "1"),
        schedule_seconds=float(os.environ.get("SCHEDULE_SECONDS", "60")),
    )
    stopped = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        if not started.is_set() or stopped.is_set():
            # Starting (the journal is written through, the compaction is atomic) or asked twice.
            _exit(128 + signum)
        stopped.set()

    started = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    try:
        stack.start()
    except statedir.Busy as busy:
        print(f"devstack: {busy}", file=sys.stderr, flush=True)
        _exit(statedir.EXIT_BUSY)
    started.set()
    restored = stack.restored
    keys = stack.keys
    print(f"""
resolution-center is running on this machine (no AWS account needed)

  API            {stack.api_url}
  SMTP           {stack.host}:{stack.smtp_port}  (write to {os.environ.get('SUPPORT_ADDRESS', 'support@example.com')})
  outbox         {state_dir / 'outbox'}  (every mail the desk sends, as .eml)
  API keys       {state_dir / 'keys.json'}
  webhooks       {stack.api_url}/webhooks/{{shopify,woocommerce,easypost,aftership}}  (secrets: stack.json)
  stack          {state_dir / 'stack.json'}
  AWS (moto)     {stack.emulator.url if stack.emulator else ''}
  SLA scale      {stack.sla_scale}  (SLA_SCALE=3600: every SLA hour lasts a second)
  schedules      every {stack.schedule_seconds:g} s (SCHEDULE_SECONDS)

Open a ticket:
  curl -s -X POST {stack.api_url}/tickets \\
    -H 'Authorization: Bearer {keys['storefront']}' -H 'Content-Type: application/json' \\
    -d '{{"customer": {{"email": "jane@example.org", "name": "Jane"}}, "subject": "Parcel not arrived", "body": "My order 1001 has not arrived yet."}}'

  data           {state_dir / 'data'}  ({restored.get('items', 0)} items and {restored.get('objects', 0)} stored objects from earlier runs)

Ctrl-C stops everything; the data stays for the next `make run` (`make reset` empties it).
""", flush=True)
    # A signal is handled by the main thread, but the kernel may deliver it to any of the
    # emulator's threads: a main thread blocked in an untimed wait would not notice it (this is
    # how `make run` used to miss SIGTERM). Waking up regularly lets the handler run.
    while not stopped.wait(0.2):
        pass
    # Whatever happens while stopping, the process is gone GRACE_SECONDS after the signal.
    deadline = threading.Timer(GRACE_SECONDS, _give_up, args=(stack,))
    deadline.daemon = True
    deadline.start()
    stack.stop()
    logging.getLogger("devstack").info("stopped")
    _exit(0)
    return 0  # not reached


def _give_up(stack: LocalStack) -> None:
    logging.getLogger("devstack").warning("still stopping after %g s: exiting now", GRACE_SECONDS)
    try:
        stack.flush()
    finally:
        _exit(0)


def _exit(code: int) -> None:
    """End the process now: threads the emulator left running must not keep it alive."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
