"""The inbound handler takes SES receipt events exactly as AWS sends them (real samples)."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.conftest import ROOT, SHARED_DATA
from tests.functional.mailbox import customer_mail

SAMPLES = [
    ROOT / "events" / "ses_inbound.json",
    SHARED_DATA / "events" / "aws-lambda-go" / "ses-lambda-event.json",
    SHARED_DATA / "events" / "aws-lambda-go" / "ses-s3-event.json",
    SHARED_DATA / "events" / "aws-lambda-go" / "ses-sns-event.json",
]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_real_ses_receipt_events_open_a_ticket_from_the_stored_raw_message(client, keys, aws, sample):
    event = json.loads(sample.read_text())
    record = event["Records"][0]["ses"]
    action = record["receipt"]["action"]
    bucket = action.get("bucketName", aws["RAW_MAIL_BUCKET"])
    key = action.get("objectKey", f"inbound/{record['mail']['messageId']}")
    s3 = boto3.client("s3")
    if bucket != aws["RAW_MAIL_BUCKET"]:
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=customer_mail().as_bytes())

    first = client.lambda_.invoke("inbound_email", event).payload["outcomes"]
    again = client.lambda_.invoke("inbound_email", event).payload["outcomes"]

    assert [o["kind"] for o in first] == ["ticket"]
    assert [o["kind"] for o in again] == ["duplicate"]


def test_a_record_without_its_raw_message_fails_loudly_so_lambda_retries(client, aws):
    event = json.loads(SAMPLES[0].read_text())

    with pytest.raises(Exception, match="does not exist"):
        client.lambda_.invoke("inbound_email", event)
