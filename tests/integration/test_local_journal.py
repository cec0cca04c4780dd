"""The local stack's journal keeps every attribute type the desk writes, binary included (the
outbox keeps outgoing mail compressed): a line that cannot be written would lose its ticket."""

from __future__ import annotations

from devstack.persistence import dumps, read_journal


def test_binary_attributes_survive_the_journal(tmp_path):
    item = {"PK": {"S": "TICKET#T-1"}, "SK": {"S": "OUT#ack.1"}, "mime": {"B": b"\x78\x9c\x00\xffmail"},
            "tags": {"BS": [b"\x01", b"\x02"]}}
    record = {"ddb": "desk", "region": "us-east-1", "put": [[{"PK": item["PK"], "SK": item["SK"]}, item]]}
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(dumps(record) + b'{"ddb": "desk", "put": [[{"PK"')  # and a line cut by a crash

    [back] = list(read_journal(journal))

    assert back["put"][0][1] == item
