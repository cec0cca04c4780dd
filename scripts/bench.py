"""`make bench`: the figures the issues ask for, each as a ratio to a baseline measured in the
same run, because the machines are noisy."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ("dynamodb", "sesv2", "stepfunctions", "s3", "events")
_CREATE_CLIENTS = (
    "import boto3\n"
    f"for name in {CLIENTS!r}:\n"
    "    boto3.session.Session().client(name, region_name='us-east-1')\n"
)
_APP_COLD_START = (
    "import app\n"
    "from chalicelib.adapters import aws\n"
    f"for name in {CLIENTS!r}:\n"
    "    aws.client(name, 'us-east-1')\n"
)


def _time_subprocess(code: str) -> float:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "us-east-1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def cold_start(rounds: int = 7) -> dict[str, Any]:
    """Importing the app and creating its clients, against importing boto3 and the same clients."""
    baseline, ours = [], []
    for _ in range(rounds):  # interleaved so drift hits both alike
        baseline.append(_time_subprocess(_CREATE_CLIENTS))
        ours.append(_time_subprocess(_APP_COLD_START))
    base, app = statistics.median(baseline), statistics.median(ours)
    return {"baseline_boto3_s": round(base, 3), "app_s": round(app, 3), "ratio": round(app / base, 2)}


def aws_calls_per_ticket(tickets: int = 20) -> dict[str, Any]:
    """Count every AWS API call the app makes while storefronts open tickets."""
    sys.path.insert(0, str(ROOT))
    from chalice.test import Client

    import app as application
    from chalicelib.adapters import aws
    from devstack import emulator, provision
    from devstack.stack import apply_environment, issue_keys, register_app_functions

    server = emulator.Emulator().start()
    try:
        env = apply_environment()
        provision.provision(env)
        register_app_functions(application.app)
        keys = issue_keys()
        calls: list[str] = []
        counted: set[int] = set()

        def count(event_name: str, **_: Any) -> None:
            calls.append(event_name.split(".", 1)[1])

        client = Client(application.app, stage_name="dev", project_dir=str(ROOT))
        headers = {"Authorization": f"Bearer {keys['storefront']}", "Content-Type": "application/json"}
        body = json.dumps({"customer": {"email": "b@example.org"}, "subject": "Parcel late",
                           "body": "My order 12 has not arrived."}).encode()
        client.http.post("/tickets", headers=headers, body=body)  # warm: clients and key cache
        for made in list(aws._clients.values()):
            if id(made) not in counted:
                made.meta.events.register("before-call.*.*", count)
                counted.add(id(made))
        for _ in range(tickets):
            response = client.http.post("/tickets", headers=headers, body=body)
            assert response.status_code == 201, response.body
        by_operation: dict[str, int] = {}
        for name in calls:
            by_operation[name] = by_operation.get(name, 0) + 1
        return {
            "per_ticket": round(len(calls) / tickets, 2),
            "by_operation": {k: round(v / tickets, 2) for k, v in sorted(by_operation.items())},
        }
    finally:
        server.stop()


def triage_speed() -> dict[str, Any]:
    from scripts.bench_triage import bench_triage

    return dict(bench_triage())


def mail_parsing() -> dict[str, Any]:
    try:
        from scripts.bench_mail import bench_parse
    except ImportError:
        return {"skipped": "mail parsing arrives with the email channel"}
    return dict(bench_parse())


def main() -> int:
    results = {
        "cold_start": cold_start(),
        "aws_calls_per_post_tickets": aws_calls_per_ticket(),
        "triage": triage_speed(),
        "mail_parsing": mail_parsing(),
    }
    print(json.dumps(results, indent=2))
    out = ROOT / ".local" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
