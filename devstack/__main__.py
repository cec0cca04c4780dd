"""`python -m devstack`: run the whole desk locally until Ctrl-C."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

from .stack import ROOT, LocalStack


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
    ).start()
    keys = stack.keys
    print(f"""
resolution-center is running on this machine (no AWS account needed)

  API            {stack.api_url}
  SMTP           {stack.host}:{stack.smtp_port}  (write to {os.environ.get('SUPPORT_ADDRESS', 'support@example.com')})
  outbox         {state_dir / 'outbox'}  (every mail the desk sends, as .eml)
  API keys       {state_dir / 'keys.json'}
  stack          {state_dir / 'stack.json'}
  AWS (moto)     {stack.emulator.url if stack.emulator else ''}
  SLA scale      {stack.sla_scale}  (SLA_SCALE=3600: every SLA hour lasts a second)
  schedules      every {stack.schedule_seconds:g} s (SCHEDULE_SECONDS)

Open a ticket:
  curl -s -X POST {stack.api_url}/tickets \\
    -H 'Authorization: Bearer {keys['storefront']}' -H 'Content-Type: application/json' \\
    -d '{{"customer": {{"email": "jane@example.org", "name": "Jane"}}, "subject": "Parcel not arrived", "body": "My order 1001 has not arrived yet."}}'

Ctrl-C stops everything.
""", flush=True)
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
