"""Export agents' triage corrections as labelled examples for scripts/train_triage.py.

    .venv/bin/python -m scripts.export_triage_corrections [-o corrections.jsonl]
        [--table NAME] [--endpoint-url URL] [--region REGION]

Reads the desk's table: the local stack's when `make run` is up (.local/stack.json, or the one
in LOCAL_STATE_DIR, says where),
otherwise the DynamoDB table named by --table or TABLE_NAME in the configured AWS account.
Every `ticket.triage_corrected` event is an agent's verdict on what triage decided; with the
ticket's first customer message it makes one line:

    {"ticket_id", "subject", "body", "category", "priority", "language", "corrected_at", "was"}

The newest correction of a ticket wins. Then: make train CORRECTIONS=corrections.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.adapters.dynamo import deserialize_item  # noqa: E402
from chalicelib.adapters.keys import EVENT_PREFIX  # noqa: E402
from chalicelib.adapters.repository import DynamoStore  # noqa: E402
from chalicelib.domain.models import AuditEvent, Direction  # noqa: E402

CORRECTED = "ticket.triage_corrected"


def _local_stack() -> Path:
    return Path(os.environ.get("LOCAL_STATE_DIR", ROOT / ".local")) / "stack.json"


def correction_events(client: Any, table: str) -> Iterator[AuditEvent]:
    """Every triage correction in the table (a full scan: run it offline, not on a hot path)."""
    pages = client.get_paginator("scan").paginate(
        TableName=table,
        FilterExpression="#action = :action AND begins_with(SK, :events)",
        ExpressionAttributeNames={"#action": "action"},
        ExpressionAttributeValues={":action": {"S": CORRECTED}, ":events": {"S": EVENT_PREFIX}},
    )
    for page in pages:
        for item in page.get("Items", []):
            found = deserialize_item(item)
            yield AuditEvent.model_validate({k: v for k, v in found.items() if k in AuditEvent.model_fields})


def labelled_examples(store: DynamoStore, events: list[AuditEvent]) -> list[dict[str, Any]]:
    newest: dict[str, AuditEvent] = {}
    for event in sorted(events, key=lambda e: e.at):
        newest[event.ticket_id] = event
    examples = []
    for ticket_id, event in sorted(newest.items()):
        ticket = store.tickets.get(ticket_id)
        if ticket is None:
            continue  # erased since (a customer's data deleted): nothing to learn from
        found, _ = store.tickets.messages(ticket_id, 200)
        inbound = [m for m in found if m.direction == Direction.INBOUND]
        if not inbound:
            continue
        first = min(inbound, key=lambda m: m.created_at)  # what triage read
        detail = event.detail or {}
        examples.append({
            "ticket_id": ticket_id,
            "subject": first.subject or ticket.subject,
            "body": first.body,
            "category": detail.get("category") or (event.after or {}).get("category") or ticket.category,
            "priority": detail.get("priority") or (event.after or {}).get("priority") or ticket.priority,
            "language": ticket.language,
            "corrected_at": event.at.isoformat(),
            "was": event.before or {},
        })
    return examples


def read_corrections(paths: list[Path], categories: tuple[str, ...]) -> list[dict[str, Any]]:
    """The lines of exported files, each checked: what scripts/train_triage.py learns from."""
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("category") not in categories or not isinstance(record.get("body"), str):
                raise ValueError(f"{path}:{number}: needs a body and a category among {', '.join(categories)}")
            record.setdefault("ticket_id", f"{path.name}:{number}")
            found.append(record)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=Path("triage_corrections.jsonl"))
    parser.add_argument("--table")
    parser.add_argument("--endpoint-url")
    parser.add_argument("--region")
    args = parser.parse_args()
    described = _local_stack()
    local = json.loads(described.read_text()) if described.exists() and not args.table else {}
    table = args.table or local.get("table") or os.environ.get("TABLE_NAME", "resolution-center")
    endpoint = args.endpoint_url or local.get("aws_endpoint_url")
    if endpoint:
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        for name, value in (("AWS_ACCESS_KEY_ID", "local"), ("AWS_SECRET_ACCESS_KEY", "local")):
            os.environ.setdefault(name, value)
    if args.region or endpoint:
        os.environ.setdefault("AWS_DEFAULT_REGION", args.region or "us-east-1")

    import boto3

    client = boto3.client("dynamodb")
    store = DynamoStore(table, client)
    examples = labelled_examples(store, list(correction_events(client, table)))
    with args.output.open("w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(json.dumps(example, ensure_ascii=False) + "\n")
    print(f"{len(examples)} corrected tickets from {table} -> {args.output}")


if __name__ == "__main__":
    main()
