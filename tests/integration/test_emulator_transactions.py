"""devstack's patch of moto's DynamoDB transactions: all or nothing, one winner among conflicting
transactions, and a rollback that restores only the items a transaction touched instead of a deep
copy of the whole table per item (which made the local stack's memory grow with the square of
the tickets)."""

from __future__ import annotations

import copy
import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from devstack import dynamodb as patched
from devstack.emulator import ACCOUNT_ID, REGION

TABLE = "transactions-test"


@pytest.fixture
def ddb(aws: dict[str, str]) -> Any:
    client = boto3.client("dynamodb", region_name=REGION)
    client.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                              {"AttributeName": "SK", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return client


def backend_table() -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[ACCOUNT_ID][REGION].tables[TABLE]


def key(pk: str, sk: str = "A") -> dict[str, Any]:
    return {"PK": {"S": pk}, "SK": {"S": sk}}


def put(pk: str, sk: str = "A", new: bool = False, **attrs: str) -> dict[str, Any]:
    op: dict[str, Any] = {"TableName": TABLE, "Item": {**key(pk, sk), **{k: {"S": v} for k, v in attrs.items()}}}
    if new:
        op["ConditionExpression"] = "attribute_not_exists(PK)"
    return {"Put": op}


def everything(ddb: Any) -> dict[tuple[str, str], dict[str, Any]]:
    items = ddb.scan(TableName=TABLE, ConsistentRead=True)["Items"]
    return {(i["PK"]["S"], i["SK"]["S"]): i for i in items}


def seed(ddb: Any) -> None:
    for pk in ("kept", "changed", "deleted"):
        ddb.put_item(TableName=TABLE, Item={**key(pk), "n": {"N": "1"}, "s": {"S": "x"}})


def test_a_failed_condition_leaves_no_partial_writes(ddb):
    seed(ddb)
    before = everything(ddb)
    stream_before = len(backend_table().stream_shard.items)

    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(TransactItems=[
            put("new-one", color="red"),
            {"Update": {"TableName": TABLE, "Key": key("changed"), "UpdateExpression": "SET n = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}}}},
            {"Delete": {"TableName": TABLE, "Key": key("deleted")}},
            put("kept", new=True, color="blue"),  # exists already: the condition fails
        ])

    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = [r["Code"] for r in cancelled.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "ConditionalCheckFailed"]
    assert everything(ddb) == before
    assert ddb.describe_table(TableName=TABLE)["Table"]["ItemCount"] == 3
    assert len(backend_table().stream_shard.items) == stream_before  # no stream record of what never happened


def test_an_update_that_fails_after_earlier_writes_undoes_them(ddb):
    seed(ddb)
    before = everything(ddb)

    with pytest.raises(ClientError):
        ddb.transact_write_items(TransactItems=[
            put("new-one", color="red"),
            {"Update": {"TableName": TABLE, "Key": key("brand-new"), "UpdateExpression": "SET n = :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Update": {"TableName": TABLE, "Key": key("changed"), "UpdateExpression": "ADD s :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},  # ADD to a string: refused
        ])

    assert everything(ddb) == before


def test_a_successful_transaction_writes_everything(ddb):
    seed(ddb)

    ddb.transact_write_items(TransactItems=[
        put("new-one", new=True, color="red"),
        {"Update": {"TableName": TABLE, "Key": key("changed"), "UpdateExpression": "SET n = :two",
                    "ConditionExpression": "n = :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}, ":two": {"N": "2"}}}},
        {"Delete": {"TableName": TABLE, "Key": key("deleted")}},
        {"ConditionCheck": {"TableName": TABLE, "Key": key("kept"), "ConditionExpression": "attribute_exists(PK)"}},
    ])

    items = everything(ddb)
    assert set(items) == {("kept", "A"), ("changed", "A"), ("new-one", "A")}
    assert items[("changed", "A")]["n"] == {"N": "2"}
    assert items[("new-one", "A")]["color"] == {"S": "red"}
    assert ddb.describe_table(TableName=TABLE)["Table"]["ItemCount"] == 3


def test_of_concurrent_conflicting_transactions_exactly_one_wins(ddb):
    contenders = 8
    outcomes: list[str] = []
    start = threading.Barrier(contenders)

    def contend(n: int) -> None:
        client = boto3.client("dynamodb", region_name=REGION)
        start.wait()
        try:
            client.transact_write_items(TransactItems=[
                put("claim", "C", new=True, owner=str(n)),
                put(f"ticket-{n}", "META", new=True),
                put(f"ticket-{n}", "MSG#1", new=True),
            ])
            outcomes.append(f"won {n}")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [o for o in outcomes if o.startswith("won")]
    assert len(outcomes) == contenders
    assert len(winners) == 1
    assert outcomes.count("TransactionCanceledException") == contenders - 1
    items = everything(ddb)
    winner = winners[0].split()[1]
    assert items[("claim", "C")]["owner"] == {"S": winner}
    assert set(items) == {("claim", "C"), (f"ticket-{winner}", "META"), (f"ticket-{winner}", "MSG#1")}
    assert ddb.describe_table(TableName=TABLE)["Table"]["ItemCount"] == 3


def test_a_transaction_copies_only_the_items_it_touches(ddb, monkeypatch):
    """moto 5.2 deep-copied the whole table once per item of every transaction."""
    for n in range(50):
        ddb.put_item(TableName=TABLE, Item=key(f"bystander-{n}"))
    table = backend_table()
    copied: list[str] = []
    real_deepcopy = copy.deepcopy

    def spy(value: Any, *args: Any, **kwargs: Any) -> Any:
        copied.append(type(value).__name__)
        return real_deepcopy(value, *args, **kwargs)

    monkeypatch.setattr(copy, "deepcopy", spy)
    with pytest.raises(ClientError):
        ddb.transact_write_items(TransactItems=[put("a"), put("b"), put("bystander-1", new=True)])
    ddb.transact_write_items(TransactItems=[put("c"), put("d")])
    monkeypatch.undo()

    assert "Table" not in copied
    assert backend_table() is table  # rolled back in place, not swapped for a copy
    assert set(everything(ddb)) == {(f"bystander-{n}", "A") for n in range(50)} | {("c", "A"), ("d", "A")}


def test_the_stream_keeps_its_newest_records_only(ddb, monkeypatch):
    monkeypatch.setattr(patched, "STREAM_RECORDS_KEPT", 10)
    for n in range(25):
        ddb.put_item(TableName=TABLE, Item={**key("counter"), "n": {"N": str(n)}})

    shard = backend_table().stream_shard
    assert len(shard.items) == 10
    newest = shard.get(shard.starting_sequence_number + 9, 1)[0]
    assert newest["dynamodb"]["NewImage"]["n"] == {"N": "24"}
    assert int(newest["dynamodb"]["SequenceNumber"]) == shard.starting_sequence_number + 9


def test_committed_writes_reach_the_observers_in_order(ddb):
    seen: list[tuple[str, list[Any]]] = []

    def observer(region: str, table: str, changes: list[Any]) -> None:
        assert region == REGION
        seen.append((table, changes))

    patched.add_observer(observer)
    try:
        ddb.put_item(TableName=TABLE, Item={**key("one"), "v": {"S": "1"}})
        with pytest.raises(ClientError):
            ddb.transact_write_items(TransactItems=[put("two"), put("one", new=True)])
        ddb.transact_write_items(TransactItems=[put("two"), {"Delete": {"TableName": TABLE, "Key": key("one")}}])
        ddb.update_item(TableName=TABLE, Key=key("two"), UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": {"S": "2"}})
    finally:
        patched.remove_observer(observer)

    assert seen == [
        (TABLE, [(key("one"), {**key("one"), "v": {"S": "1"}})]),
        (TABLE, [(key("two"), key("two")), (key("one"), None)]),
        (TABLE, [(key("two"), {**key("two"), "v": {"S": "2"}})]),
    ]


def index_table(ddb: Any) -> None:
    ddb.create_table(
        TableName="indexed", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("PK", "SK", "G", "GS")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{"IndexName": "GSI1", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "G", "KeyType": "HASH"},
                                               {"AttributeName": "GS", "KeyType": "RANGE"}]}],
    )


def g1(ddb: Any, value: str, **extra: Any) -> list[str]:
    items = ddb.query(TableName="indexed", IndexName="GSI1", KeyConditionExpression="G = :g",
                      ExpressionAttributeValues={":g": {"S": value}}, **extra)["Items"]
    return [f"{i['PK']['S']}/{i['SK']['S']}" for i in items]


def test_queries_read_only_their_candidates_and_see_every_change(ddb, monkeypatch):
    """A query no longer lists (and sorts) the whole table; its answers stay those moto gave."""
    from moto.dynamodb.models.table import Table

    index_table(ddb)

    def item(pk: str, sk: str, g: str | None = None, gs: str = "0") -> dict[str, Any]:
        return {**key(pk, sk), **({"G": {"S": g}, "GS": {"S": gs}} if g else {})}

    for n in range(30):
        ddb.put_item(TableName="indexed", Item=item(f"p{n % 3}", f"s{n:02d}", g=f"g{n % 5}", gs=f"{n:02d}"))
    listed: list[int] = []
    real_all_items = Table.all_items

    def counting(self: Any) -> Any:
        found = real_all_items(self)
        listed.append(len(found))
        return found

    monkeypatch.setattr(Table, "all_items", counting)
    assert g1(ddb, "g1") == ["p1/s01", "p0/s06", "p2/s11", "p1/s16", "p0/s21", "p2/s26"]
    assert g1(ddb, "g1", ScanIndexForward=False, Limit=2) == ["p2/s26", "p0/s21"]
    in_partition = ddb.query(TableName="indexed", KeyConditionExpression="PK = :p AND begins_with(SK, :s)",
                             ExpressionAttributeValues={":p": {"S": "p1"}, ":s": {"S": "s1"}})["Items"]
    assert [i["SK"]["S"] for i in in_partition] == ["s10", "s13", "s16", "s19"]
    assert max(listed) <= 10  # candidates only, never the 30 items

    # Moved, changed in place, deleted, written in a transaction, rolled back: all seen.
    ddb.put_item(TableName="indexed", Item=item("p1", "s01", g="g4", gs="01"))
    ddb.update_item(TableName="indexed", Key=key("p0", "s06"), UpdateExpression="SET G = :g",
                    ExpressionAttributeValues={":g": {"S": "g2"}})
    ddb.update_item(TableName="indexed", Key=key("p0", "s12"), UpdateExpression="SET G = :g",
                    ExpressionAttributeValues={":g": {"S": "g1"}})
    ddb.delete_item(TableName="indexed", Key=key("p2", "s11"))
    ddb.update_item(TableName="indexed", Key=key("p1", "s16"), UpdateExpression="REMOVE G")  # leaves the index
    ddb.update_item(TableName="indexed", Key=key("p1", "s16"), UpdateExpression="SET G = :g",
                    ExpressionAttributeValues={":g": {"S": "g1"}})  # and comes back
    ddb.update_item(TableName="indexed", Key=key("p2", "s26"), UpdateExpression="REMOVE G")
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "indexed", "Item": item("new", "x", g="g1", gs="99")}}])
    with pytest.raises(ClientError):
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "indexed", "Item": item("ghost", "x", g="g1", gs="98")}},
            {"Put": {"TableName": "indexed", "Item": item("new", "x"), "ConditionExpression": "attribute_not_exists(PK)"}},
        ])
    assert g1(ddb, "g1") == ["p0/s12", "p1/s16", "p0/s21", "new/x"]
    assert g1(ddb, "g4")[:1] == ["p1/s01"]
    assert ddb.query(TableName="indexed", KeyConditionExpression="PK = :p",
                     ExpressionAttributeValues={":p": {"S": "nobody"}})["Items"] == []


EVERY_TYPE = {
    "s": {"S": "text é"}, "n": {"N": "12.50"}, "b": {"B": b"\x00\xffraw"}, "t": {"BOOL": True},
    "z": {"NULL": True}, "ss": {"SS": ["one"]}, "ns": {"NS": ["7"]}, "bs": {"BS": [b"\x01"]},
    "m": {"M": {"inner": {"M": {"deep": {"L": [{"S": "x"}, {"N": "1"}, {"B": b"\x02"}]}}}, "flag": {"BOOL": False}}},
    "l": {"L": [{"M": {"k": {"S": "v"}}}, {"NULL": True}, {"SS": ["a"]}]},
}


def test_reads_answer_every_attribute_type_as_written_whole_or_projected(ddb):
    """The plain-JSON read answers (and the shared-attribute projection) say exactly what moto's
    own serialiser says, for every type DynamoDB stores, and a projection is a copy that later
    writes do not reach."""
    stored = {**key("all"), **EVERY_TYPE}
    ddb.put_item(TableName=TABLE, Item=stored)

    assert ddb.get_item(TableName=TABLE, Key=key("all"), ConsistentRead=True)["Item"] == stored
    assert ddb.query(TableName=TABLE, KeyConditionExpression="PK = :p",
                     ExpressionAttributeValues={":p": {"S": "all"}})["Items"] == [stored]
    assert ddb.scan(TableName=TABLE)["Items"] == [stored]
    whole = ddb.batch_get_item(RequestItems={TABLE: {"Keys": [key("all")]}})["Responses"][TABLE]
    assert whole == [stored]

    names = {"#m": "m", "#l": "l", "#b": "b", "#s": "s", "#gone": "absent"}
    projected = ddb.batch_get_item(RequestItems={TABLE: {
        "Keys": [key("all")], "ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names,
    }})["Responses"][TABLE]
    assert projected == [{k: EVERY_TYPE[k] for k in ("m", "l", "b", "s")}]
    members = ddb.batch_get_item(RequestItems={TABLE: {
        "Keys": [key("all")], "ProjectionExpression": "#m.#f, #m.#gone, #s",
        "ExpressionAttributeNames": {"#m": "m", "#f": "flag", "#gone": "absent", "#s": "s"},
    }})["Responses"][TABLE]
    assert members == [{"m": {"M": {"flag": {"BOOL": False}}}, "s": EVERY_TYPE["s"]}]

    ddb.update_item(TableName=TABLE, Key=key("all"), UpdateExpression="SET m.flag = :t, l[0].k = :v",
                    ExpressionAttributeValues={":t": {"BOOL": True}, ":v": {"S": "changed"}})
    again = ddb.get_item(TableName=TABLE, Key=key("all"), ProjectionExpression="#m, #l",
                         ExpressionAttributeNames={"#m": "m", "#l": "l"})["Item"]
    assert again["m"]["M"]["flag"] == {"BOOL": True} and again["l"]["L"][0] == {"M": {"k": {"S": "changed"}}}
    assert projected[0]["m"]["M"]["flag"] == {"BOOL": False}
