"""`make bench`: the figures the issues ask for, each as a ratio to a baseline measured in the
same run, because the machines are noisy."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ("dynamodb", "sesv2", "stepfunctions", "s3", "events")
# Baseline (a): a bare Lambda-like handler that builds each client on a Session of its own, as the
# app did; (b): the same handler sharing one Session, as the app does now.
_OWN_SESSIONS = (
    "import boto3\n"
    f"for name in {CLIENTS!r}:\n"
    "    boto3.session.Session().client(name, region_name='us-east-1')\n"
)
_SHARED_SESSION = (
    "import boto3\n"
    "session = boto3.session.Session()\n"
    f"for name in {CLIENTS!r}:\n"
    "    session.client(name, region_name='us-east-1')\n"
)
_APP_COLD_START = (
    "import app\n"
    "from chalicelib.adapters import aws\n"
    f"for name in {CLIENTS!r}:\n"
    "    aws.client(name, 'us-east-1')\n"
)

# The upper bound: the same, then everything the app defers to first use loaded at once (each
# pydantic model's validator, Jinja2, triage's rules and model, the Tracer).
_APP_EVERYTHING_LOADED = _APP_COLD_START + (
    "import pydantic\n"
    "from chalicelib.domain import models\n"
    "from chalicelib.services import schemas\n"
    "for module in (models, schemas):\n"
    "    for value in list(vars(module).values()):\n"
    "        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) \\\n"
    "                and value.__module__ == module.__name__:\n"
    "            value.model_rebuild(force=True)\n"
    "from chalicelib.mail.render import _environment\n"
    "_environment()\n"
    "from chalicelib.domain.triage import triage\n"
    "triage('Parcel late', 'My order 12 has not arrived.')\n"
    "from chalicelib.blueprints.observability import tracer\n"
    "tracer()\n"
)


def _lambda_environment() -> dict[str, str]:
    """What every function of the app gets from .chalice/config.json (the stage adds names)."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return {k: str(v) for k, v in config.get("environment_variables", {}).items()}


def _time_subprocess(code: str) -> float:
    env = {**os.environ, **_lambda_environment(), "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
           "AWS_REGION": "us-east-1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def cold_start(rounds: int = 9) -> dict[str, Any]:
    """A fresh interpreter importing the app and creating its five clients, against a bare
    handler importing boto3 and creating the same clients (a) each on its own Session and (b) on
    one shared Session. Medians of `rounds` runs, interleaved so drift hits all three alike. The
    interpreter's own start-up is in every figure."""
    own, shared, ours, loaded = [], [], [], []
    for _ in range(rounds):
        own.append(_time_subprocess(_OWN_SESSIONS))
        shared.append(_time_subprocess(_SHARED_SESSION))
        ours.append(_time_subprocess(_APP_COLD_START))
        loaded.append(_time_subprocess(_APP_EVERYTHING_LOADED))
    own_s, shared_s, app_s, loaded_s = (statistics.median(x) for x in (own, shared, ours, loaded))
    return {"rounds": rounds, "baseline_own_sessions_s": round(own_s, 3),
            "baseline_shared_session_s": round(shared_s, 3), "app_s": round(app_s, 3),
            "ratio_vs_own_sessions": round(app_s / own_s, 2),
            "ratio_vs_shared_session": round(app_s / shared_s, 2),
            "app_everything_loaded_s": round(loaded_s, 3),
            "everything_loaded_ratio_vs_own_sessions": round(loaded_s / own_s, 2),
            "everything_loaded_ratio_vs_shared_session": round(loaded_s / shared_s, 2)}


_server: Any = None


def _emulator() -> Any:
    """One moto server per run (its state is process-wide), reset before each measurement."""
    global _server
    from devstack import emulator

    if _server is None:
        _server = emulator.Emulator().start()
    _server.reset()
    return _server


class CallCounter:
    """Counts every AWS API call the app's clients make (botocore's before-call event)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self._hooked: set[int] = set()
        # The SLA timer's Lambda runs in this process too, on moto's threads: not the request's calls.
        self._thread = threading.get_ident()

    def hook(self) -> None:
        from chalicelib.adapters import aws

        for made in list(aws._clients.values()):
            if id(made) not in self._hooked:
                made.meta.events.register("before-call.*.*", self._count)
                self._hooked.add(id(made))

    def _count(self, event_name: str, **_: Any) -> None:
        if threading.get_ident() == self._thread:
            self.calls.append(event_name.split(".", 1)[1])

    def per(self, runs: int) -> dict[str, Any]:
        by_operation: dict[str, float] = {}
        for name in self.calls:
            by_operation[name] = by_operation.get(name, 0) + 1
        return {"per_run": round(len(self.calls) / runs, 2),
                "by_operation": {k: round(v / runs, 2) for k, v in sorted(by_operation.items())}}


def aws_calls(tickets: int = 20) -> dict[str, Any]:
    """AWS calls per POST /tickets and per inbound email (new ticket, and a threaded reply)."""
    sys.path.insert(0, str(ROOT))
    from email.message import EmailMessage

    import boto3
    from chalice.test import Client

    import app as application
    from devstack import provision
    from devstack.stack import apply_environment, issue_keys, register_app_functions, ses_event

    server = _emulator()
    try:
        env = apply_environment()
        provision.provision(env)
        register_app_functions(application.app)
        keys = issue_keys()
        client = Client(application.app, stage_name="dev", project_dir=str(ROOT))
        headers = {"Authorization": f"Bearer {keys['storefront']}", "Content-Type": "application/json"}
        body = json.dumps({"customer": {"email": "b@example.org"}, "subject": "Parcel late",
                           "body": "My order 12 has not arrived."}).encode()
        client.http.post("/tickets", headers=headers, body=body)  # warm: clients and key cache

        counter = CallCounter()
        counter.hook()

        def measure(run: Any, runs: int) -> dict[str, Any]:
            counter.hook()  # clients created since the last phase
            counter.calls.clear()
            for n in range(runs):
                run(n)
            return counter.per(runs)

        s3 = boto3.client("s3")

        def mail(n: int, reply: bool = False) -> dict[str, Any]:
            message = EmailMessage()
            message["From"] = f"customer{n}@example.org"
            message["To"] = env["SUPPORT_ADDRESS"]
            message["Subject"] = f"Order {n} arrived damaged"
            message["Message-ID"] = f"<bench-{n}-{reply}@example.org>"
            if reply:
                message["In-Reply-To"] = f"<bench-{n}-False@example.org>"
            message.set_content(f"Here is the photo of parcel {n}." if reply
                                else f"Hello, parcel {n} arrived with a broken lid. Photo to follow.")
            ses_id = f"bench{n}{'r' if reply else 'n'}"
            s3.put_object(Bucket=env["RAW_MAIL_BUCKET"], Key=f"inbound/{ses_id}", Body=message.as_bytes())
            return ses_event(ses_id, str(message["From"]), [env["SUPPORT_ADDRESS"]])

        post = measure(lambda n: client.http.post("/tickets", headers=headers, body=body), tickets)
        client.lambda_.invoke("inbound_email", mail(10_000))  # warm the S3 client
        new_events = [mail(n) for n in range(tickets)]
        reply_events = [mail(n, reply=True) for n in range(tickets)]
        inbound_new = measure(lambda n: client.lambda_.invoke("inbound_email", new_events[n]), tickets)
        inbound_reply = measure(lambda n: client.lambda_.invoke("inbound_email", reply_events[n]), tickets)
        return {"post_tickets": post, "inbound_new_ticket": inbound_new, "inbound_threaded_reply": inbound_reply}
    finally:
        server.reset()


def state_transitions() -> dict[str, Any]:
    """State transitions (what Step Functions Standard bills) per ticket, summed over every
    execution the ticket had, on the real ASL. SLA hours become seconds (SLA_SCALE=3600) so the
    lifetimes below play out in the bench: a typical ticket (answered, the customer replies,
    resolved, all before the first warning at 4.8 s) and one nobody answers, escalated twice (first
    response missed at 6 s, resolution at 12 s), resolved by tier 3 after every deadline passed."""
    sys.path.insert(0, str(ROOT))
    import boto3
    from chalice.test import Client

    import app as application
    from chalicelib.domain.models import PRIORITIES
    from devstack import provision
    from devstack.stack import apply_environment, issue_keys, register_app_functions
    from scripts.bench_cost import executions_by_ticket, transitions_of

    policy = {"priorities": {p: {"first_response_hours": 6, "next_response_hours": 6, "resolution_hours": 12}
                             for p in PRIORITIES}}
    server = _emulator()
    try:
        made = provision.provision(apply_environment({"SLA_SCALE": "3600", "SLA_POLICY": json.dumps(policy)}))
        register_app_functions(application.app)
        keys = issue_keys()
        client = Client(application.app, stage_name="dev", project_dir=str(ROOT))
        sfn = boto3.client("stepfunctions")

        def post(path: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
            headers = {"Authorization": f"Bearer {keys[key]}", "Content-Type": "application/json"}
            return dict(client.http.post(path, headers=headers, body=json.dumps(body).encode()).json_body)

        def open_ticket() -> str:
            return str(post("/tickets", "storefront", {"customer": {"email": "t@example.org"}, "subject": "Late parcel",
                                                       "body": "Order 5 has not arrived."})["ticket"]["id"])

        answered = open_ticket()
        post(f"/tickets/{answered}/replies", "agent_tier1", {"body": "A new parcel left today. Which address?"})
        post(f"/tickets/{answered}/messages", "storefront", {"body": "12 High Street, thank you."})
        post(f"/tickets/{answered}/status", "agent_tier1", {"status": "resolved"})
        ignored = open_ticket()
        time.sleep(15)  # past every deadline of the ignored ticket
        tiers = client.http.get(f"/tickets/{ignored}", headers={"Authorization": f"Bearer {keys['agent_tier3']}"})
        post(f"/tickets/{ignored}/status", "agent_tier3", {"status": "resolved"})
        time.sleep(1)
        runs = executions_by_ticket(sfn, made["state_machine_arn"])

        def measured(ticket_id: str) -> dict[str, Any]:
            mine = runs.get(ticket_id, [])
            return {"transitions": transitions_of(sfn, mine), "executions": len(mine),
                    "statuses": sorted(r["status"] for r in mine)}

        return {"typical_answered_in_time": measured(answered),
                "escalated_twice_then_resolved": {**measured(ignored),
                                                  "tier_reached": tiers.json_body["ticket"]["tier"]}}
    finally:
        server.reset()


def cost() -> dict[str, Any]:
    """Cost per 1,000 typical tickets at list prices, from counted calls: see scripts/bench_cost.py."""
    sys.path.insert(0, str(ROOT))
    from scripts.bench_cost import typical_tickets

    return typical_tickets(_emulator, int(os.environ.get("BENCH_COST_TICKETS", "20")))


def triage_speed() -> dict[str, Any]:
    from scripts.bench_triage import bench_triage

    return dict(bench_triage())


def mail_parsing() -> dict[str, Any]:
    try:
        from scripts.bench_mail import bench_parse
    except ImportError:
        return {"skipped": "mail parsing arrives with the email channel"}
    return dict(bench_parse())


def local_stack() -> dict[str, Any]:
    """`python -m devstack` as a child: RSS and POST /tickets latency at 100 / 1,000 / 10,000 tickets.

    BENCH_CHECKPOINTS (e.g. "100,1000") and BENCH_MAX_SECONDS bound it."""
    from scripts.bench_stack import CHECKPOINTS, local_stack_load

    checkpoints = tuple(int(c) for c in os.environ.get("BENCH_CHECKPOINTS", "").split(",") if c.strip())
    return local_stack_load(checkpoints or CHECKPOINTS, float(os.environ.get("BENCH_MAX_SECONDS", "2700")))


def sweeper() -> dict[str, Any]:
    from scripts.bench_sweeper import sweeper as run

    return run()


def knowledge_base() -> dict[str, Any]:
    """Search p50/p99 at 100 and 1,000 articles against a plain scan, index build, quality."""
    from scripts.bench_kb import bench_kb

    return bench_kb()


def delay_scan() -> dict[str, Any]:
    """Items the delay scan reads per late shipment at 100,000 shipments (1 % late), and its time
    as a ratio to the same number of GetItem calls. BENCH_SHIPMENTS overrides the count."""
    from scripts.bench_shipments import TOTAL
    from scripts.bench_shipments import delay_scan as run

    return run(int(os.environ.get("BENCH_SHIPMENTS", TOTAL)))


def metrics_reads() -> dict[str, Any]:
    """GET /metrics over 90 days: items read at 1,000 and 100,000 tickets (BENCH_METRIC_VOLUMES)."""
    from scripts.bench_metrics import bench_metrics

    _emulator()
    volumes = tuple(int(v) for v in os.environ.get("BENCH_METRIC_VOLUMES", "1000,100000").split(",") if v.strip())
    return bench_metrics(volumes)


def console() -> dict[str, Any]:
    """The agent console's queue page with 200 tickets on the local stack, against the API's JSON
    of the same tickets (BENCH_CONSOLE_TICKETS, BENCH_CONSOLE_ROUNDS)."""
    from scripts.bench_console import ROUNDS, TICKETS, bench_console

    return bench_console(int(os.environ.get("BENCH_CONSOLE_TICKETS", TICKETS)),
                         int(os.environ.get("BENCH_CONSOLE_ROUNDS", ROUNDS)))


SECTIONS = {
    "cold_start": cold_start,
    "aws_calls": aws_calls,
    "sla_timer_state_transitions": state_transitions,
    "cost": cost,
    "triage": triage_speed,
    "mail_parsing": mail_parsing,
    "local_stack": local_stack,
    "sweeper": sweeper,
    "knowledge_base": knowledge_base,
    "delay_scan": delay_scan,
    "metrics_reads": metrics_reads,
    "console": console,
}


def main() -> int:
    """`python -m scripts.bench [section ...]`: every section, or the ones named (merged into
    the figures already in .local/bench.json)."""
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    wanted = sys.argv[1:] or list(SECTIONS)
    unknown = [name for name in wanted if name not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    out = ROOT / ".local" / "bench.json"
    results: dict[str, Any] = {}
    if sys.argv[1:] and out.exists():
        results = json.loads(out.read_text())
    for name in wanted:
        results[name] = SECTIONS[name]()
    print(json.dumps(results, indent=2))
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
