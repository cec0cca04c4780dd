"""Cost per 1,000 tickets at list prices, from the calls a real run of typical tickets makes on
moto (`make bench`, section `cost`).

A typical ticket: the customer writes by email; the desk opens a ticket and acknowledges it; an
agent reads it and answers (the ticket then waits on the customer); the customer writes back by
email; the agent resolves it. Everything happens before the first SLA warning is due, as it does
for a ticket answered in time.

What is counted, per ticket:
- DynamoDB read and write request units (on-demand), computed from item sizes by DynamoDB's
  rules, not from ReturnConsumedCapacity (moto answers a fixed 0.5 or 1 whatever the size).
  Every item the app reads or writes is measured: the bench reads the item before and after each
  write with a client of its own (not counted). Writes: max(before, after) per started KB, twice
  inside a transaction (ConditionCheck too), plus one index write per global secondary index the
  item is in (two when its index key changes), of the projected size. Reads: per started 4 KB of
  what came back, half when eventually consistent (every index read is); filtered-out items are
  not seen, so a filtered query is under-counted.
- SES: mails sent (SendEmail), mails received and their 256 KB chunks.
- S3: the raw mail SES stores (PUT) and the app reads (GET).
- EventBridge: events put.
- Step Functions: state transitions of every execution the ticket had (its history).
- API Gateway: REST requests; each also counts an authorizer invocation (an upper bound: the
  authorizer's answer is cached for 60 s per key, so a busy agent's requests mostly skip it).
- Lambda: invocations, and GB-seconds from the configured memory and the durations measured here
  (each rounded up to the millisecond, as billed) — on this machine against moto, not on Lambda.
Not counted: storage, CloudWatch logs and metrics, data transfer, and the sweeper's fixed
5-minute schedule (a cost per month, not per ticket).
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

# List prices, us-east-1, USD, from aws.amazon.com/<service>/pricing (DynamoDB on-demand: the
# prices in force since the cut of 2024-11-01). Written down on 2026-12-01 from what was last
# published, not fetched by the bench: check them before quoting the result.
PRICES: dict[str, tuple[float, str]] = {
    "dynamodb_write_request_unit": (0.625 / 1e6, "DynamoDB on-demand, $0.625 per million WRU"),
    "dynamodb_read_request_unit": (0.125 / 1e6, "DynamoDB on-demand, $0.125 per million RRU"),
    "ses_email_sent": (0.10 / 1000, "SES, $0.10 per 1,000 emails sent"),
    "ses_email_received": (0.10 / 1000, "SES, $0.10 per 1,000 emails received"),
    "ses_incoming_chunk": (0.09 / 1000, "SES, $0.09 per 1,000 incoming 256 KB chunks"),
    "s3_put": (0.005 / 1000, "S3 Standard, $0.005 per 1,000 PUT"),
    "s3_get": (0.0004 / 1000, "S3 Standard, $0.0004 per 1,000 GET"),
    "eventbridge_event": (1.00 / 1e6, "EventBridge, $1.00 per million custom events"),
    "stepfunctions_transition": (0.025 / 1000, "Step Functions Standard, $0.025 per 1,000 state transitions"),
    "apigateway_request": (3.50 / 1e6, "API Gateway REST, $3.50 per million requests"),
    "lambda_request": (0.20 / 1e6, "Lambda, $0.20 per million requests"),
    "lambda_gb_second": (0.0000166667, "Lambda x86, $0.0000166667 per GB-second"),
}
ROOT = Path(__file__).resolve().parent.parent


def attribute_size(value: dict[str, Any]) -> int:
    """Bytes of one attribute value in DynamoDB's accounting (typed JSON as botocore returns it)."""
    kind, inner = next(iter(value.items()))
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        digits = inner.lstrip("-").replace(".", "").lstrip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(inner)
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "SS":
        return sum(len(s.encode()) for s in inner)
    if kind == "NS":
        return sum(attribute_size({"N": n}) for n in inner)
    if kind == "BS":
        return sum(len(b) for b in inner)
    if kind == "L":
        return 3 + sum(1 + attribute_size(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + attribute_size(v) for k, v in inner.items())
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(item: dict[str, Any] | None) -> int:
    return sum(len(name.encode()) + attribute_size(value) for name, value in (item or {}).items())


class DynamoMeter:
    """Request units of every DynamoDB call one client makes, from the items' sizes."""

    def __init__(self, reader: Any, table_name: str) -> None:
        self.reader = reader
        self.read_units = 0.0
        self.write_units = 0.0
        self.by_operation: Counter[str] = Counter()
        self.write_units_by_kind: Counter[str] = Counter()  # "Put TICKET#", "Update OUTBOX#", index writes, …
        described = reader.describe_table(TableName=table_name)["Table"]
        self.table_keys = [k["AttributeName"] for k in described["KeySchema"]]
        self.indexes = [(i["IndexName"], [k["AttributeName"] for k in i["KeySchema"]], i["Projection"])
                        for i in described.get("GlobalSecondaryIndexes", [])]
        self._lock = threading.Lock()

    def hook(self, client: Any) -> None:
        client.meta.events.register("before-parameter-build.dynamodb.*", self._before)
        client.meta.events.register("after-call.dynamodb.*", self._after)

    def _get(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        found = self.reader.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
        return dict(found) if found else None

    def _writes(self, params: dict[str, Any], operation: str) -> list[tuple[str, dict[str, Any], str]]:
        if operation == "TransactWriteItems":
            return [(body["TableName"], body.get("Key") or {k: body["Item"][k] for k in self.table_keys}, kind)
                    for entry in params["TransactItems"] for kind, body in entry.items()]
        if operation in {"PutItem", "UpdateItem", "DeleteItem"}:
            key = params.get("Key") or {k: params["Item"][k] for k in self.table_keys}
            return [(params["TableName"], key, operation)]
        return []

    def _before(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        writes = self._writes(params, model.name)
        if writes:
            context["bench_writes"] = [(table, key, kind, self._get(table, key)) for table, key, kind in writes]
        context["bench_consistent"] = bool(params.get("ConsistentRead"))
        context["bench_consistent_tables"] = {table for table, asked in params.get("RequestItems", {}).items()
                                              if isinstance(asked, dict) and asked.get("ConsistentRead")}
        context["bench_index"] = params.get("IndexName")

    def _after(self, http_response: Any, parsed: dict[str, Any], model: Any, context: dict[str, Any],
               **_: Any) -> None:
        operation = model.name
        failed = "Error" in parsed and http_response.status_code >= 400
        reads = writes = 0.0
        if operation in {"GetItem", "Query", "Scan"}:
            items = [parsed["Item"]] if parsed.get("Item") else parsed.get("Items", [])
            size = sum(item_size(i) for i in items)
            consistent = context.get("bench_consistent") and not context.get("bench_index")
            reads = max(1, math.ceil(size / 4096)) * (1 if consistent else 0.5)
        elif operation == "BatchGetItem":
            consistent_tables = context.get("bench_consistent_tables", set())
            reads = sum(max(1, math.ceil(item_size(i) / 4096)) * (1 if table in consistent_tables else 0.5)
                        for table, items in parsed.get("Responses", {}).items() for i in items)
        for table, key, kind, before in context.get("bench_writes", []):
            if failed:  # a refused write still costs its minimum
                writes += 2 if operation == "TransactWriteItems" else 1
                continue
            after = self._get(table, key)
            table_units = max(1, math.ceil(max(item_size(before), item_size(after)) / 1024))
            if kind == "ConditionCheck":
                writes += 2 * table_units
                self.write_units_by_kind[f"{kind} {_prefix(key)}"] += 2 * table_units
                continue
            index_units = self._index_units(before, after)
            table_units *= 2 if operation == "TransactWriteItems" else 1
            writes += table_units + index_units
            with self._lock:
                self.write_units_by_kind[f"{kind} {_prefix(key)}"] += table_units
                self.write_units_by_kind[f"index writes of {_prefix(key)}"] += index_units
        with self._lock:
            self.read_units += reads
            self.write_units += writes
            self.by_operation[operation] += 1

    def _index_units(self, before: dict[str, Any] | None, after: dict[str, Any] | None) -> float:
        units = 0.0
        for _, keys, projection in self.indexes:
            old = self._projected(before, keys, projection)
            new = self._projected(after, keys, projection)
            if old is None and new is None:
                continue
            if old is not None and new is not None and all(before[k] == after[k] for k in keys):  # type: ignore[index]
                if old != new:
                    units += max(1, math.ceil(item_size(new) / 1024))
                continue
            units += sum(max(1, math.ceil(item_size(p) / 1024)) for p in (old, new) if p is not None)
        return units

    def _projected(self, item: dict[str, Any] | None, keys: list[str], projection: dict[str, Any]) -> \
            dict[str, Any] | None:
        if item is None or not all(k in item for k in keys):
            return None
        kind = projection.get("ProjectionType", "ALL")
        if kind == "ALL":
            return item
        kept = {*keys, *self.table_keys, *(projection.get("NonKeyAttributes", []) if kind == "INCLUDE" else [])}
        return {k: v for k, v in item.items() if k in kept}


def _prefix(key: dict[str, Any]) -> str:
    """What kind of item a key names, from its keys' prefixes: TICKET#…/MSG#… → TICKET#/MSG#."""
    return "/".join(str(next(iter(v.values()))).split("#", 1)[0] + "#" for v in key.values())


class CallMeter:
    """SES sends, S3 reads and writes, EventBridge events the app's clients make."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def hook(self, client: Any) -> None:
        client.meta.events.register("after-call.*.*", self._after)

    def _after(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if http_response.status_code >= 400:
            return
        service = model.service_model.service_name
        with self._lock:
            if service == "events" and model.name == "PutEvents":
                self.counts["eventbridge_event"] += len(parsed.get("Entries", []))
            elif service == "sesv2" and model.name == "SendEmail":
                self.counts["ses_email_sent"] += 1
            elif service == "s3" and model.name in {"GetObject", "PutObject"}:
                self.counts["s3_get" if model.name == "GetObject" else "s3_put"] += 1


class LambdaMeter:
    """Invocations and their billed durations, per function."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_gb = memory_mb / 1024
        self.invocations: Counter[str] = Counter()
        self.billed_ms: Counter[str] = Counter()
        self._lock = threading.Lock()

    def timed(self, name: str, run: Callable[[], Any], invocations: int = 1) -> Any:
        start = time.perf_counter()
        try:
            return run()
        finally:
            self.record(name, time.perf_counter() - start, invocations)

    def record(self, name: str, seconds: float, invocations: int = 1) -> None:
        with self._lock:
            self.invocations[name] += invocations
            self.billed_ms[name] += math.ceil(seconds * 1000)

    def gb_seconds(self) -> float:
        return sum(self.billed_ms.values()) / 1000 * self.memory_gb


def configured_memory_mb() -> int:
    return int(json.loads((ROOT / ".chalice" / "config.json").read_text()).get("lambda_memory_size", 128))


def inbound_mail(n: int, support: str, reply_to: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"customer{n}@example.org"
    message["To"] = support
    message["Subject"] = f"Re: Order {n} arrived damaged" if reply_to else f"Order {n} arrived damaged"
    message["Message-ID"] = f"<cost-{n}-{'reply' if reply_to else 'first'}@example.org>"
    if reply_to:
        message["In-Reply-To"] = reply_to
        message["References"] = reply_to
    message.set_content(f"The new address is 12 High Street, flat {n}." if reply_to
                        else f"Hello, parcel {n} arrived with a broken lid. What can you do?")
    return message


def price_list() -> dict[str, str]:
    return {name: source for name, (_, source) in PRICES.items()}


def bill(counts: dict[str, float], tickets: int) -> dict[str, Any]:
    """Per 1,000 tickets, item by item, with the arithmetic written out."""
    lines, total = {}, 0.0
    for name, (price, _) in PRICES.items():
        per_thousand = counts.get(name, 0) / tickets * 1000
        cost = per_thousand * price
        total += cost
        if per_thousand:
            lines[name] = f"{per_thousand:,.1f} x ${price:.10f} = ${cost:.4f}".replace(".0000000", ".0")
    return {"per_1000_tickets": lines, "total_per_1000_tickets_usd": round(total, 4)}


def executions_by_ticket(sfn: Any, state_machine_arn: str) -> dict[str, list[dict[str, Any]]]:
    """Every execution of the SLA timer, by ticket (`<ticket>` then `<ticket>-r<n>`)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=state_machine_arn):
        for run in page["executions"]:
            found.setdefault(run["name"].split("-r", 1)[0], []).append(run)
    return found


def transitions_of(sfn: Any, runs: list[dict[str, Any]]) -> int:
    """What Step Functions Standard bills: one transition per state entered."""
    total = 0
    for run in runs:
        events = sfn.get_execution_history(executionArn=run["executionArn"], maxResults=1000)["events"]
        total += sum(e["type"].endswith("StateEntered") for e in events)
    return total


def typical_tickets(start_emulator: Callable[[], Any], tickets: int = 20) -> dict[str, Any]:
    """Both channels: email (the typical ticket) and the storefront's API."""
    return {"email": typical_tickets_of(start_emulator, tickets, "email"),
            "storefront_api": typical_tickets_of(start_emulator, tickets, "api")}


def typical_tickets_of(start_emulator: Callable[[], Any], tickets: int, channel: str) -> dict[str, Any]:
    """`tickets` typical tickets on moto, every billed unit counted, priced per 1,000 tickets.
    `channel` api: the same conversation through the storefront's API instead of email."""
    import boto3
    from chalice.test import Client

    import app as application
    from chalicelib.adapters import aws
    from devstack import emulator, provision
    from devstack.stack import apply_environment, issue_keys, ses_event

    server = start_emulator()
    try:
        env = apply_environment()
        made = provision.provision(env)
        lambdas = LambdaMeter(configured_memory_mb())
        for function in application.app.pure_lambda_functions:  # the SLA timer's task, run by moto
            emulator.register_lambda(function.name, lambda event, context, f=function:
                                     lambdas.timed(f.name, lambda: f(event, context)))
        keys = issue_keys()
        client = Client(application.app, stage_name="dev", project_dir=str(ROOT))
        s3, sfn = boto3.client("s3"), boto3.client("stepfunctions")
        counts: Counter[str] = Counter()  # whole units; the fractional ones are added at the end
        support = env["SUPPORT_ADDRESS"]

        def receive(message: EmailMessage, ses_id: str) -> dict[str, Any]:
            raw = message.as_bytes()
            s3.put_object(Bucket=env["RAW_MAIL_BUCKET"], Key=f"inbound/{ses_id}", Body=raw)
            counts.update(s3_put=1, ses_email_received=1, ses_incoming_chunk=math.ceil(len(raw) / 262_144))
            event = ses_event(ses_id, str(message["From"]), [support])
            return dict(lambdas.timed("inbound_email", lambda: client.lambda_.invoke("inbound_email", event)).payload)

        def api(method: str, path: str, key: str, body: dict[str, Any] | None = None) -> Any:
            headers = {"Authorization": f"Bearer {keys[key]}", "Content-Type": "application/json"}
            counts.update(apigateway_request=1)
            call = getattr(client.http, method)
            run = (lambda: call(path, headers=headers)) if body is None else \
                (lambda: call(path, headers=headers, body=json.dumps(body).encode()))
            response = lambdas.timed("api_handler+authorizer", run, invocations=2)
            assert response.status_code < 300, (path, response.status_code, response.body)
            return response

        def ticket(n: int) -> str:
            first = inbound_mail(n, support)
            if channel == "email":
                [outcome] = receive(first, f"cost{n}first")["outcomes"]
                ticket_id = str(outcome["ticket_id"])
            else:
                opened = api("post", "/tickets", "storefront", {
                    "customer": {"email": str(first["From"])}, "subject": str(first["Subject"]),
                    "body": str(first.get_content())})
                ticket_id = str(opened.json_body["ticket"]["id"])
            api("get", f"/tickets/{ticket_id}", "agent_tier1")
            api("post", f"/tickets/{ticket_id}/replies", "agent_tier1",
                {"body": "Sorry about that. Where shall we send the replacement?"})
            answer = inbound_mail(n, support, reply_to=str(first["Message-ID"]))
            if channel == "email":
                [threaded] = receive(answer, f"cost{n}reply")["outcomes"]
                assert threaded["ticket_id"] == ticket_id, threaded
            else:
                api("post", f"/tickets/{ticket_id}/messages", "storefront", {"body": str(answer.get_content())})
            api("post", f"/tickets/{ticket_id}/status", "agent_tier1", {"status": "resolved"})
            return ticket_id

        ticket(10_000)  # warm-up, not counted: clients, the key cache, the templates
        counts.clear()
        lambdas.invocations.clear()
        lambdas.billed_ms.clear()
        dynamo = DynamoMeter(boto3.client("dynamodb"), env["TABLE_NAME"])
        calls = CallMeter()
        for made_client in list(aws._clients.values()):
            (dynamo if made_client.meta.service_model.service_name == "dynamodb" else calls).hook(made_client)
        ids = [ticket(n) for n in range(tickets)]
        time.sleep(1)  # moto records a stop's last events just after answering it
        runs = executions_by_ticket(sfn, made["state_machine_arn"])
        per_ticket = [transitions_of(sfn, runs.get(i, [])) for i in ids]
        # A timer the resolution left running wakes once more to find it resolved (Check, Decide,
        # Done, and the Lambda it calls): owed, though not yet spent when the bench looks.
        still_running = sum(r["status"] == "RUNNING" for i in ids for r in runs.get(i, []))
        counts.update(calls.counts)
        counts.update(stepfunctions_transition=sum(per_ticket) + 3 * still_running,
                      lambda_request=sum(lambdas.invocations.values()) + still_running)
        totals: dict[str, float] = {**counts, "dynamodb_read_request_unit": dynamo.read_units,
                                    "dynamodb_write_request_unit": dynamo.write_units,
                                    "lambda_gb_second": lambdas.gb_seconds()}
        measured = {name: round(value / tickets, 5) for name, value in sorted(totals.items())}
        return {
            "typical_ticket": f"opened by {channel}, acknowledged, read and answered by an agent, the customer "
                              f"replies by {channel}, resolved; all before the first SLA warning",
            "tickets": tickets,
            "per_ticket": measured,
            "dynamodb_calls_per_ticket": {k: round(v / tickets, 2) for k, v in sorted(dynamo.by_operation.items())},
            "dynamodb_write_units_per_ticket_by_item": {k: round(v / tickets, 2) for k, v in
                                                       sorted(dynamo.write_units_by_kind.items()) if v},
            "lambda_invocations_per_ticket": {k: round(v / tickets, 2) for k, v in lambdas.invocations.items()},
            "lambda_memory_mb": lambdas.memory_gb * 1024,
            "state_transitions_per_typical_ticket": {"mean": sum(per_ticket) / tickets, "max": max(per_ticket),
                                                     "owed_by_timers_still_running": 3 * still_running / tickets},
            "timers_still_running_after_resolve": still_running,
            **bill(totals, tickets),
            "prices": price_list(),
        }
    finally:
        server.reset()
