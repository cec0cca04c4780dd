"""`make redrive STAGE=<stage> FUNCTION=<logical id>`: hand what a function gave up on back to it.

Every asynchronous function (InboundEmail, SlaSweep, DelayScan, SesFeedback) keeps the events
Lambda stopped retrying in its own queue `<Function>DeadLetters` for 14 days; the message body is
the event as it was sent. Fix the cause first (the alarm and the function's log say what failed),
then redrive: each event is invoked again asynchronously and deleted from the queue once Lambda
has accepted it. The handlers are idempotent (intake keys on the SES message id, the outbox on
its own ids), so an event that had half succeeded does no harm.

KpiAggregator reads the table's stream: its queue holds where the failed batch was (shard and
sequence numbers), not the records. Redriving reads those records from the stream again (the
stream keeps 24 hours) and hands them to the function synchronously; older ones are reported and
left in the queue (the KPI counters for those changes are then short: the tickets themselves
are intact).

    make redrive STAGE=prod-eu-west-1 FUNCTION=InboundEmail            # all of them
    make redrive STAGE=prod-eu-west-1 FUNCTION=InboundEmail DRY_RUN=1  # count and show only
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import boto3
from botocore.exceptions import ClientError

from scripts import package
from scripts.deploy import STACK_NAME
from scripts.stack_access import DEAD_LETTERS, dead_letter_queue

STREAM_CONSUMERS = {"KpiAggregator"}


def physical(cfn: Any, logical: str) -> str:
    found = cfn.describe_stack_resource(StackName=STACK_NAME, LogicalResourceId=logical)
    return str(found["StackResourceDetail"]["PhysicalResourceId"])


def stream_batch(streams: Any, info: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of a failed batch, read again from the stream (empty once they expired)."""
    try:
        iterator = streams.get_shard_iterator(
            StreamArn=info["streamArn"], ShardId=info["shardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=info["startSequenceNumber"])["ShardIterator"]
    except ClientError:  # the shard or the records are gone (older than 24 hours)
        return []
    records: list[dict[str, Any]] = []
    last = int(info["endSequenceNumber"])
    while iterator and len(records) < int(info.get("batchSize", 1000)):
        page = streams.get_records(ShardIterator=iterator, Limit=100)
        for record in page["Records"]:
            if int(record["dynamodb"]["SequenceNumber"]) > last:
                return records
            record["eventSourceARN"] = info["streamArn"]
            records.append(record)
        if not page["Records"]:
            break
        iterator = page.get("NextShardIterator")
    return records


def redrive(session: Any, function: str, dry_run: bool = False) -> dict[str, int]:
    if function not in DEAD_LETTERS:
        raise SystemExit(f"{function} has no dead-letter queue; those that do: {sorted(DEAD_LETTERS)}")
    cfn, sqs, lam = session.client("cloudformation"), session.client("sqs"), session.client("lambda")
    queue_url = physical(cfn, dead_letter_queue(function))
    function_name = physical(cfn, function)
    counts = {"seen": 0, "redriven": 0, "kept": 0}
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       VisibilityTimeout=0 if dry_run else 120).get("Messages", [])
        if not messages:
            return counts
        for message in messages:
            counts["seen"] += 1
            if dry_run:
                print(message["Body"][:500])
                continue
            if function in STREAM_CONSUMERS:
                info = json.loads(message["Body"])["DDBStreamBatchInfo"]
                records = stream_batch(session.client("dynamodbstreams"), info)
                if not records:
                    print(f"kept: the stream no longer has {info['shardId']} "
                          f"{info['startSequenceNumber']}…{info['endSequenceNumber']}", file=sys.stderr)
                    counts["kept"] += 1
                    continue
                answer = lam.invoke(FunctionName=function_name, InvocationType="RequestResponse",
                                    Payload=json.dumps({"Records": records}, default=str).encode())
                if answer.get("FunctionError"):
                    counts["kept"] += 1
                    continue
            else:
                lam.invoke(FunctionName=function_name, InvocationType="Event", Payload=message["Body"].encode())
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            counts["redriven"] += 1
        if dry_run:
            return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stage")
    parser.add_argument("function", help=f"one of {sorted(DEAD_LETTERS)}")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    session = boto3.session.Session(region_name=package.region_of(args.stage))
    print(json.dumps(redrive(session, args.function, args.dry_run)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
