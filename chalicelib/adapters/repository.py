"""The store on DynamoDB (one table, layout in `keys.py`): every write that must go together goes
in one transaction, every update is conditional on the version the caller read, and every change
appends an audit event. Implements the ports in `ports.py`."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from botocore.exceptions import ClientError

from ..domain.clock import iso, utcnow
from ..domain.models import (
    ApiKey,
    AuditEvent,
    Customer,
    Message,
    OutboxItem,
    QuarantinedMail,
    Remedy,
    Ticket,
    TicketSummary,
)
from ..errors import Conflict, UpstreamError
from . import aws
from .dynamo import deserialize_item, serialize_item, serialize_value
from .keys import (
    CUSTOMER_SK,
    DUE_SHARDS,
    EVENT_PREFIX,
    MESSAGE_PREFIX,
    OUTBOX_PREFIX,
    OUTBOX_SHARDS,
    QUARANTINE_LIST,
    QUEUE_SHARDS,
    QUEUED_STATUSES,
    REMEDY_PREFIX,
    SUMMARY_FIELDS,
    THREAD_SK,
    TICKET_SK,
    apikey_from_item,
    apikey_item,
    apikey_key,
    approvals_pk,
    claim_key,
    customer_pk,
    due_pk,
    event_item,
    message_item,
    outbox_from_item,
    outbox_item,
    outbox_shard_pk,
    outbox_sk,
    quarantine_from_item,
    quarantine_item,
    quarantine_pk,
    queue_pk,
    remedy_from_item,
    remedy_item,
    remedy_sk,
    strip_keys,
    sweep_due,
    thread_item,
    thread_pk,
    ticket_from_item,
    ticket_item,
    ticket_pk,
)
from .ports import AlreadyExists, BadPosition, Claim, InboundLookup, Position, SenderProfile

log = logging.getLogger(__name__)
_CLAIM_ITEM_KEYS = frozenset({"PK", "SK", "type", "expires_at"})


def iso_now() -> str:
    return iso(utcnow())


class Table:
    """The one table and the calls every part of the store shares (one lazily created client)."""

    def __init__(self, table_name: str, dynamodb: Any | None = None) -> None:
        self.table_name = table_name
        self._client = dynamodb

    @property
    def client(self) -> Any:
        return self._client or aws.client("dynamodb")

    # -- actions of a transaction -----------------------------------------------------------
    def put(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self.table_name, "Item": serialize_item(item)}}

    def put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        action = self.put(item)
        action["Put"]["ConditionExpression"] = "attribute_not_exists(PK)"
        return action

    def put_if(self, item: dict[str, Any], attribute: str, expected: Any) -> dict[str, Any]:
        action = self.put(item)
        action["Put"]["ConditionExpression"] = "#a = :expected"
        action["Put"]["ExpressionAttributeNames"] = {"#a": attribute}
        action["Put"]["ExpressionAttributeValues"] = {":expected": serialize_value(expected)}
        return action

    def put_claim(self, claim: Claim) -> dict[str, Any]:
        pk, sk = claim_key(claim.kind, claim.value)
        item = {"PK": pk, "SK": sk, "type": "claim", **claim.attributes}
        if not claim.ttl:
            return self.put_new(item)
        item["expires_at"] = claim.ttl
        action = self.put(item)
        action["Put"]["ConditionExpression"] = "attribute_not_exists(PK) OR expires_at < :now"
        action["Put"]["ExpressionAttributeValues"] = {":now": serialize_value(int(time.time()))}
        return action

    def set_existing(self, pk: str, sk: str, values: dict[str, Any]) -> dict[str, Any]:
        names = {f"#a{i}": k for i, k in enumerate(values)}
        return {"Update": {
            "TableName": self.table_name,
            "Key": {"PK": {"S": pk}, "SK": {"S": sk}},
            "UpdateExpression": "SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(values))),
            "ConditionExpression": "attribute_exists(PK)",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {f":v{i}": serialize_value(v) for i, v in enumerate(values.values())},
        }}

    def transact(self, actions: list[dict[str, Any]], labels: list[str], claims: Sequence[Claim] = ()) -> None:
        """All or nothing; AlreadyExists names the labels whose condition failed."""
        # The token makes botocore's own retry of a transaction that did commit a no-op instead
        # of a failed condition (DynamoDB remembers it for ten minutes).
        try:
            self.client.transact_write_items(TransactItems=actions, ClientRequestToken=uuid.uuid4().hex)
        except ClientError as error:
            if aws.error_code(error) == "TransactionCanceledException":
                reasons = error.response.get("CancellationReasons") or []
                failed = [
                    label
                    for label, reason in zip(labels, reasons, strict=False)
                    if reason.get("Code") == "ConditionalCheckFailed"
                ]
                if failed:
                    raise AlreadyExists(failed, [c for c in claims if c.label in failed]) from error
            raise UpstreamError(f"could not write ({aws.error_code(error)}); retry") from error

    def write_together(self, items: Sequence[dict[str, Any]], claims: Sequence[Claim] = (),
                       outbox: Sequence[OutboxItem] = ()) -> None:
        """Plain items, claims and outbox work in one transaction (AlreadyExists on a taken claim)."""
        items = (*items, *(outbox_item(w) for w in outbox))
        actions = [*(self.put_claim(c) for c in claims), *(self.put(i) for i in items)]
        self.transact(actions, [c.label for c in claims] + ["extra" for _ in items], claims)

    # -- single calls -----------------------------------------------------------------------
    def put_item(self, item: dict[str, Any]) -> None:
        try:
            self.client.put_item(TableName=self.table_name, Item=serialize_item(item))
        except ClientError as error:
            raise UpstreamError(f"could not store {item.get('PK')}: {aws.error_code(error)}") from error

    def update(self, pk: str, sk: str, values: dict[str, Any]) -> None:
        names = {f"#a{i}": k for i, k in enumerate(values)}
        expression = "SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(values)))
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"PK": {"S": pk}, "SK": {"S": sk}},
                UpdateExpression=expression,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={f":v{i}": serialize_value(v) for i, v in enumerate(values.values())},
            )
        except ClientError as error:
            raise UpstreamError(f"could not update {pk}: {aws.error_code(error)}") from error

    def get_item(self, pk: str, sk: str, consistent: bool = True) -> dict[str, Any] | None:
        try:
            response = self.client.get_item(
                TableName=self.table_name,
                Key={"PK": {"S": pk}, "SK": {"S": sk}},
                ConsistentRead=consistent,
            )
        except ClientError as error:
            raise UpstreamError(f"could not read {pk}: {aws.error_code(error)}") from error
        item = response.get("Item")
        return deserialize_item(item) if item else None

    def batch_get(self, keys: list[tuple[str, str]],
                  fields: Sequence[str] = ()) -> dict[tuple[str, str], dict[str, Any]]:
        """Several items, keyed by (PK, SK): one round trip per 100; only `fields` of each if given."""
        wanted = list(dict.fromkeys(keys))
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for start in range(0, len(wanted), 100):
            found.update(self._batch_get(wanted[start:start + 100], fields))
        return found

    def listed_items(self, listed: list[dict[str, Any]], fields: Sequence[str] = ()) -> list[dict[str, Any]]:
        """The items a keys-only index listed, read fresh, in its order (gone ones left out)."""
        keys = [(i["PK"], i["SK"]) for i in listed]
        found = self.batch_get(keys, fields)
        return [found[key] for key in keys if key in found]

    def _batch_get(self, wanted: list[tuple[str, str]],
                   fields: Sequence[str] = ()) -> dict[tuple[str, str], dict[str, Any]]:
        if not wanted:
            return {}
        asked: dict[str, Any] = {"Keys": [{"PK": {"S": pk}, "SK": {"S": sk}} for pk, sk in wanted],
                                 "ConsistentRead": True}
        if fields:
            # Every name through a placeholder (some are DynamoDB reserved words); `a.b` is b of map a.
            parts = list(dict.fromkeys(part for name in ("PK", "SK", *fields) for part in name.split(".")))
            placeholder = {part: f"#p{i}" for i, part in enumerate(parts)}
            paths = (".".join(placeholder[part] for part in name.split(".")) for name in ("PK", "SK", *fields))
            asked.update(ProjectionExpression=", ".join(paths),
                         ExpressionAttributeNames={v: k for k, v in placeholder.items()})
        request = {self.table_name: asked}
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for _ in range(5):
            try:
                response = self.client.batch_get_item(RequestItems=request)
            except ClientError as error:
                raise UpstreamError(f"could not read ({aws.error_code(error)}); retry") from error
            for raw in response.get("Responses", {}).get(self.table_name, []):
                item = deserialize_item(raw)
                found[(item["PK"], item["SK"])] = item
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
        return found

    def query(self, **kwargs: Any) -> dict[str, Any]:
        try:
            return dict(self.client.query(TableName=self.table_name, **kwargs))
        except ClientError as error:
            raise UpstreamError(f"could not query ({aws.error_code(error)}); retry") from error

    def query_all(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            response = self.query(**kwargs)
            items.extend(deserialize_item(i) for i in response["Items"])
            if "LastEvaluatedKey" not in response:
                return items
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def partition_prefix(self, pk: str, prefix: str) -> list[dict[str, Any]]:
        return self.query_all(
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": pk}, ":prefix": {"S": prefix}},
            ConsistentRead=True,
        )

    def index_heads(self, index: str, partitions: Sequence[str], limit: int,
                    below: str | None = None) -> list[list[dict[str, Any]]]:
        """The first `limit` keys of each partition of an index (at most `below`), queried
        side by side: a sharded key is read as one."""
        condition = f"{index}PK = :pk" + (f" AND {index}SK <= :below" if below is not None else "")

        def head(pk: str) -> list[dict[str, Any]]:
            values = {":pk": {"S": pk}, **({":below": {"S": below}} if below is not None else {})}
            response = self.query(IndexName=index, KeyConditionExpression=condition,
                                  ExpressionAttributeValues=values, Limit=limit)
            return [deserialize_item(i) for i in response["Items"]]

        if len(partitions) <= 1:
            return [head(pk) for pk in partitions]
        with ThreadPoolExecutor(max_workers=min(8, len(partitions))) as pool:
            return list(pool.map(head, partitions))

    def index_before(self, pk: str, before: str, limit: int) -> list[dict[str, Any]]:
        """Items of a GSI2 partition whose sort key is before `before`, in order."""
        response = self.query(
            IndexName="GSI2",
            KeyConditionExpression="GSI2PK = :pk AND GSI2SK < :before",
            ExpressionAttributeValues={":pk": {"S": pk}, ":before": {"S": before}},
            Limit=limit,
        )
        return [deserialize_item(i) for i in response["Items"]]

    def index_list(self, pk: str, limit: int, newest_first: bool) -> list[dict[str, Any]]:
        response = self.query(
            IndexName="GSI2",
            KeyConditionExpression="GSI2PK = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
            ScanIndexForward=not newest_first,
            Limit=limit,
        )
        return [deserialize_item(i) for i in response["Items"]]


def _profile(email: str, item: dict[str, Any]) -> SenderProfile:
    return SenderProfile(email=email.lower(), bouncing=bool(item.get("bouncing")),
                         ack_times=tuple(item.get("ack_times") or ()))


def _claim_held(item: dict[str, Any] | None) -> bool:
    if item is None:
        return False
    expires = item.get("expires_at")
    return not expires or int(expires) >= int(time.time())


# A queue is listed as whole tickets or as list rows: both know their tier and status.
_Queued = TypeVar("_Queued", Ticket, TicketSummary)


class DynamoTickets:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, ticket_id: str) -> Ticket | None:
        item = self.table.get_item(ticket_pk(ticket_id), TICKET_SK)
        return ticket_from_item(item) if item else None

    def create(self, ticket: Ticket, customer: Customer, message: Message, event: AuditEvent, *,
               claims: Sequence[Claim] = (), thread_keys: Sequence[str] = (),
               ack_times: Sequence[str] | None = None, outbox: Sequence[OutboxItem] = (),
               events: Sequence[AuditEvent] = ()) -> None:
        table = self.table
        extra = (*(thread_item(k, ticket.id) for k in thread_keys), *(event_item(e) for e in events),
                 *(outbox_item(w) for w in outbox))
        actions = [
            table.put_new(ticket_item(ticket)),
            table.put(message_item(message)),
            table.put(event_item(event)),
            *(table.put_claim(claim) for claim in claims),
            *(table.put(item) for item in extra),
        ]
        labels = ["ticket", "message", "event", *(c.label for c in claims)]
        labels += ["extra" for _ in extra]
        table.transact(actions, labels, claims)
        # The customer's profile is shared by all their tickets (a marketplace relay address sends
        # for thousands): outside the transaction, so concurrent tickets never conflict on it,
        # and written only when there is something to say.
        self._keep_customer(customer, ack_times)

    def save(self, ticket: Ticket, expected_version: int, *, events: Sequence[AuditEvent] = (),
             messages: Sequence[Message] = (), claims: Sequence[Claim] = (), thread_keys: Sequence[str] = (),
             outbox: Sequence[OutboxItem] = ()) -> None:
        table = self.table
        extra = (*(thread_item(k, ticket.id) for k in thread_keys), *(outbox_item(w) for w in outbox))
        actions = [
            table.put_if(ticket_item(ticket), "version", expected_version),
            *(table.put(event_item(e)) for e in events),
            *(table.put(message_item(m)) for m in messages),
            *(table.put_claim(c) for c in claims),
            *(table.put(item) for item in extra),
        ]
        labels = ["ticket", *("event" for _ in events), *("message" for _ in messages)]
        labels += [c.label for c in claims] + ["extra" for _ in extra]
        try:
            table.transact(actions, labels, claims)
        except AlreadyExists as error:
            if "ticket" in error.reasons:
                raise Conflict(
                    f"ticket {ticket.id} changed since version {expected_version}; reload it",
                    code="version_conflict",
                ) from error
            raise

    def attach(self, message: Message, event: AuditEvent, claims: Sequence[Claim] = ()) -> None:
        self.table.write_together((message_item(message), event_item(event)), claims)

    def message(self, ticket_id: str, created_at: str, message_id: str) -> Message | None:
        item = self.table.get_item(ticket_pk(ticket_id), f"{MESSAGE_PREFIX}{created_at}#{message_id}")
        return Message.model_validate(strip_keys(item)) if item else None

    def messages(self, ticket_id: str, limit: int, before: str | None = None,
                 keep: Callable[[Message], bool] | None = None) -> tuple[list[Message], str | None]:
        return self._newest(ticket_id, MESSAGE_PREFIX, Message, limit, before, keep)

    def events(self, ticket_id: str, limit: int, before: str | None = None,
               keep: Callable[[AuditEvent], bool] | None = None) -> tuple[list[AuditEvent], str | None]:
        return self._newest(ticket_id, EVENT_PREFIX, AuditEvent, limit, before, keep)

    def _newest(self, ticket_id: str, prefix: str, model: Any, limit: int, before: str | None,
                keep: Any) -> tuple[list[Any], str | None]:
        """The newest `limit` records of one kind (those `keep` accepts), newest first, older than
        the position `before`; and the position the next page starts from."""
        if before is not None and not before.startswith(prefix):
            raise BadPosition("not a position in this listing")
        pk = ticket_pk(ticket_id)
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
            "ScanIndexForward": False, "ConsistentRead": True, "Limit": limit,
        }
        if before:
            kwargs["ExclusiveStartKey"] = {"PK": {"S": pk}, "SK": {"S": before}}
        found: list[Any] = []
        while True:
            response = self.table.query(**kwargs)
            for raw in response["Items"]:
                item = deserialize_item(raw)
                record = model.model_validate(strip_keys(item))
                if keep is None or keep(record):
                    found.append(record)
                if len(found) == limit:
                    more = raw != response["Items"][-1] or "LastEvaluatedKey" in response
                    return found, item["SK"] if more else None
            if "LastEvaluatedKey" not in response:
                return found, None
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def for_customer(self, email: str, limit: int,
                     position: Position | None = None) -> tuple[list[Ticket], Position | None]:
        kwargs: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": "GSI1PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": customer_pk(email)}},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if position:
            kwargs["ExclusiveStartKey"] = _customer_position(email, position)
        response = self.table.query(**kwargs)
        listed = [deserialize_item(i) for i in response["Items"]]
        return self._tickets_of(listed), response.get("LastEvaluatedKey")

    def queue(self, tier: int, statuses: Sequence[str], limit: int) -> list[Ticket]:
        return self._queued(tier, statuses, limit, lambda listed: self._tickets_of(listed))

    def queue_summaries(self, tier: int, statuses: Sequence[str], limit: int) -> list[TicketSummary]:
        return self._queued(tier, statuses, limit, lambda listed: [
            TicketSummary.model_validate(strip_keys(item))
            for item in self.table.listed_items(listed, fields=SUMMARY_FIELDS)])

    def _queued(self, tier: int, statuses: Sequence[str], limit: int,
                read: Callable[[list[dict[str, Any]]], list[_Queued]]) -> list[_Queued]:
        """The first `limit` tickets of the queue's shards, merged in order, read by `read`."""
        wanted = [s for s in dict.fromkeys(statuses) if s in QUEUED_STATUSES]
        partitions = [queue_pk(tier, status, shard) for status in wanted for shard in range(QUEUE_SHARDS)]
        streams = self.table.index_heads("GSI2", partitions, limit)
        merged = heapq.merge(*streams, key=lambda item: item["GSI2SK"])
        found = read(list(itertools.islice(merged, limit)))
        # The index may lag a change by a moment: list only what is still in this queue.
        return [t for t in found if t.tier == tier and t.status in wanted]

    def overdue(self, before: datetime, limit: int) -> list[Ticket]:
        """The queued tickets with a deadline not yet recorded as missed by `before`: the earliest
        of each shard, merged (tickets are spread evenly, so every tier comes in deadline order).
        Each shard gives a share of `limit`, not all of it: the sweeper reads about one index
        entry for each ticket it handles."""
        due = iso(before)
        high = f"{due}#~"
        partitions = [due_pk(shard) for shard in range(DUE_SHARDS)]
        share = max(2, -(-limit // DUE_SHARDS) + 1)
        streams = self.table.index_heads("GSI4", partitions, share, below=high)
        merged = heapq.merge(*streams, key=lambda item: item["GSI4SK"])
        found = self._tickets_of(list(itertools.islice(merged, limit)))
        return [t for t in found if (sweep_due(t) or "~") <= due]

    def _tickets_of(self, listed: list[dict[str, Any]]) -> list[Ticket]:
        """The tickets an index lists (it holds only their keys), read in one round trip, in its order."""
        return [ticket_from_item(item) for item in self.table.listed_items(listed)]

    def _keep_customer(self, customer: Customer, ack_times: Sequence[str] | None) -> None:
        key = {"PK": {"S": customer_pk(customer.email)}, "SK": {"S": CUSTOMER_SK}}
        if ack_times is not None:
            # The hourly acknowledgement limit of a sender: what was acknowledged last wins.
            self._update_customer(customer, key, "SET ack_times = :acks, ", {":acks": list(ack_times)})
        elif self.table.get_item(customer_pk(customer.email), CUSTOMER_SK, consistent=False) is None:
            self._update_customer(customer, key, "SET ", {})

    def _update_customer(self, customer: Customer, key: dict[str, Any], start: str, extra: dict[str, Any]) -> None:
        values = {":name": customer.name, ":language": customer.language, ":created": iso(customer.created_at),
                  ":email": customer.email, ":type": "customer", **extra}
        name = "#n = :name" if customer.name else "#n = if_not_exists(#n, :name)"
        try:
            self.table.client.update_item(
                TableName=self.table.table_name, Key=key,
                UpdateExpression=start + "#e = :email, #t = :type, #c = if_not_exists(#c, :created), "
                                         "#l = if_not_exists(#l, :language), " + name,
                ExpressionAttributeNames={"#n": "name", "#l": "language", "#c": "created_at", "#e": "email",
                                          "#t": "type"},
                ExpressionAttributeValues={k: serialize_value(v) for k, v in values.items()},
            )
        except ClientError as error:
            # The ticket is stored: a profile written late costs nothing but a default language.
            log.warning("could not update the customer profile (%s)", aws.error_code(error))


_CUSTOMER_INDEX_KEY = ("GSI1PK", "GSI1SK", "PK", "SK")


def _customer_position(email: str, position: Position) -> Position:
    """A position is sealed by the API, yet check its shape: exactly the customer index's key."""
    if set(position) != set(_CUSTOMER_INDEX_KEY) or not all(
        isinstance(value, dict) and set(value) == {"S"} and isinstance(value["S"], str)
        for value in position.values()
    ) or position["GSI1PK"]["S"] != customer_pk(email):
        raise BadPosition("the cursor belongs to another listing")
    return position


class DynamoCustomers:
    def __init__(self, table: Table) -> None:
        self.table = table

    def profile(self, email: str) -> SenderProfile | None:
        item = self.table.get_item(customer_pk(email), CUSTOMER_SK)
        return _profile(email, item) if item else None

    def mark_bouncing(self, email: str, reason: str, at: datetime) -> None:
        self.table.update(customer_pk(email), CUSTOMER_SK,
                          {"bouncing": True, "bounce_reason": reason, "bounced_at": iso(at)})


class DynamoRemedies:
    def __init__(self, table: Table) -> None:
        self.table = table

    def record(self, remedy: Remedy, event: AuditEvent, claim: Claim, outbox: Sequence[OutboxItem] = ()) -> None:
        self.table.write_together((remedy_item(remedy), event_item(event)), (claim,), outbox)

    def update(self, remedy: Remedy, event: AuditEvent, outbox: Sequence[OutboxItem] = (), *,
               while_status: str = "awaiting_approval") -> bool:
        table = self.table
        extra = (event_item(event), *(outbox_item(w) for w in outbox))
        actions = [table.put_if(remedy_item(remedy), "status", while_status), *(table.put(i) for i in extra)]
        try:
            table.transact(actions, ["item", *("extra" for _ in extra)])
        except AlreadyExists:
            return False
        return True

    def get(self, ticket_id: str, remedy_id: str) -> Remedy | None:
        item = self.table.get_item(ticket_pk(ticket_id), remedy_sk(remedy_id))
        return remedy_from_item(item) if item else None

    def of_ticket(self, ticket_id: str) -> list[Remedy]:
        return [remedy_from_item(i) for i in self.table.partition_prefix(ticket_pk(ticket_id), REMEDY_PREFIX)]

    def pending_for(self, tier: int, limit: int = 100) -> list[Remedy]:
        return self._fresh(self.table.index_list(approvals_pk(tier), limit, newest_first=False))

    def approvals_due(self, tier: int, before: datetime, limit: int = 100) -> list[Remedy]:
        return self._fresh(self.table.index_before(approvals_pk(tier), iso(before), limit))

    def _fresh(self, listed: list[dict[str, Any]]) -> list[Remedy]:
        """The index may lag: read the remedies it lists again (one round trip), in its order, and
        keep those still awaiting approval."""
        keys = [(i["PK"], i["SK"]) for i in listed]
        found = self.table.batch_get(keys)
        fresh = [remedy_from_item(found[key]) for key in keys if key in found]
        return [r for r in fresh if r.status == "awaiting_approval"]


class DynamoQuarantine:
    def __init__(self, table: Table) -> None:
        self.table = table

    def hold(self, held: QuarantinedMail, claims: Sequence[Claim] = ()) -> None:
        self.table.write_together((quarantine_item(held),), claims)

    def get(self, quarantine_id: str) -> QuarantinedMail | None:
        item = self.table.get_item(quarantine_pk(quarantine_id), TICKET_SK)
        return quarantine_from_item(item) if item else None

    def held(self, limit: int) -> list[QuarantinedMail]:
        listed = self.table.index_list(QUARANTINE_LIST, limit, newest_first=True)
        held = [quarantine_from_item(item) for item in self.table.listed_items(listed)]
        return [h for h in held if h.released_at is None]

    def mark_released(self, released: QuarantinedMail) -> None:
        self.table.put_item(quarantine_item(released))


class DynamoInbound:
    def __init__(self, table: Table) -> None:
        self.table = table

    def lookup(self, claims: Sequence[Claim], thread_keys: Sequence[str], ticket_ids: Sequence[str],
               sender: str | None) -> InboundLookup:
        claim_keys = [claim_key(c.kind, c.value) for c in claims]
        keys = [*claim_keys, *((thread_pk(k), THREAD_SK) for k in thread_keys)]
        keys += [(ticket_pk(t), TICKET_SK) for t in ticket_ids]
        if sender:
            keys.append((customer_pk(sender), CUSTOMER_SK))
        found = self.table.batch_get(keys)
        taken = tuple(c for c, key in zip(claims, claim_keys, strict=True) if _claim_held(found.get(key)))
        threads = {k: str(found[(thread_pk(k), THREAD_SK)]["ticket_id"]) for k in thread_keys
                   if (thread_pk(k), THREAD_SK) in found}
        tickets = {t: ticket_from_item(found[(ticket_pk(t), TICKET_SK)]) for t in ticket_ids
                   if (ticket_pk(t), TICKET_SK) in found}
        profile = found.get((customer_pk(sender), CUSTOMER_SK)) if sender else None
        return InboundLookup(taken, threads, tickets, _profile(sender, profile) if sender and profile else None)

    def threads(self, thread_keys: Sequence[str]) -> dict[str, str]:
        found = self.table.batch_get([(thread_pk(k), THREAD_SK) for k in thread_keys])
        return {k: str(found[(thread_pk(k), THREAD_SK)]["ticket_id"]) for k in thread_keys
                if (thread_pk(k), THREAD_SK) in found}


class DynamoClaims:
    def __init__(self, table: Table) -> None:
        self.table = table

    def find(self, claim: Claim) -> dict[str, Any] | None:
        item = self.table.get_item(*claim_key(claim.kind, claim.value))
        if item is None or not _claim_held(item):
            return None
        return {k: v for k, v in item.items() if k not in _CLAIM_ITEM_KEYS}


class DynamoApiKeys:
    def __init__(self, table: Table) -> None:
        self.table = table

    def store(self, key: ApiKey) -> None:
        self.table.put_item(apikey_item(key))

    def find(self, digest: str) -> ApiKey | None:
        item = self.table.get_item(*apikey_key(digest), consistent=False)
        return apikey_from_item(item) if item else None


class DynamoOutbox:
    def __init__(self, table: Table) -> None:
        self.table = table

    def done(self, work: OutboxItem, result: dict[str, Any], thread_key: str | None = None) -> bool:
        actions = self._done_actions(work, result, thread_key)
        try:
            self.table.transact(actions, ["outbox", *("effect" for _ in actions[1:])])
        except AlreadyExists:
            return False
        return True

    def done_all(self, finished: list[tuple[OutboxItem, dict[str, Any], str | None]]) -> list[bool]:
        # One transaction for what a request carried out (the acknowledgement and the timer start
        # of a new ticket); when any of it was marked meanwhile, one at a time.
        if len(finished) == 1 or not finished:
            return [self.done(*entry) for entry in finished]
        actions = [action for entry in finished for action in self._done_actions(*entry)]
        if len(actions) <= 100:
            try:
                self.table.transact(actions, ["outbox" for _ in actions])
                return [True for _ in finished]
            except AlreadyExists:
                pass
        return [self.done(*entry) for entry in finished]

    def _done_actions(self, work: OutboxItem, result: dict[str, Any], thread_key: str | None) -> list[dict[str, Any]]:
        table = self.table
        now = iso_now()
        pk = ticket_pk(work.ticket_id)
        update: dict[str, Any] = {"Update": {
            "TableName": table.table_name,
            "Key": {"PK": {"S": pk}, "SK": {"S": outbox_sk(work.id)}},
            "UpdateExpression": "SET #s = :sent, done_at = :now, #r = :result REMOVE GSI2PK, GSI2SK, mime",
            "ConditionExpression": "#s = :pending",
            "ExpressionAttributeNames": {"#s": "status", "#r": "result"},
            "ExpressionAttributeValues": {":sent": {"S": "sent"}, ":pending": {"S": "pending"},
                                          ":now": {"S": now}, ":result": serialize_value(result)},
        }}
        actions = [update]
        if thread_key:
            actions.append(table.put(thread_item(thread_key, work.ticket_id)))
        links = work.links
        if links.get("message_id") and links.get("message_at") and result.get("ses_message_id"):
            actions.append(table.set_existing(pk, f"{MESSAGE_PREFIX}{links['message_at']}#{links['message_id']}",
                                              {"ses_message_id": result["ses_message_id"]}))
        if links.get("remedy_id"):
            actions.append(table.set_existing(pk, remedy_sk(links["remedy_id"]), {"published_at": now}))
        return actions

    def retry_later(self, work: OutboxItem, attempts: int, next_attempt_at: datetime, error: str,
                    give_up: bool, event: AuditEvent | None = None) -> None:
        table = self.table
        next_iso = iso(next_attempt_at)
        names = {"#s": "status"}
        values: dict[str, Any] = {":attempts": attempts, ":error": error[:1000], ":next": next_iso,
                                  ":pending": "pending"}
        if give_up:
            expression = "SET #s = :failed, attempts = :attempts, last_error = :error, next_attempt_at = :next " \
                         "REMOVE GSI2PK, GSI2SK"
            values[":failed"] = "failed"
        else:
            expression = "SET attempts = :attempts, last_error = :error, next_attempt_at = :next, GSI2SK = :sk"
            values[":sk"] = f"{next_iso}#{work.id}"
        actions = [{"Update": {
            "TableName": table.table_name,
            "Key": {"PK": {"S": ticket_pk(work.ticket_id)}, "SK": {"S": outbox_sk(work.id)}},
            "UpdateExpression": expression,
            "ConditionExpression": "#s = :pending",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {k: serialize_value(v) for k, v in values.items()},
        }}]
        if event is not None:
            actions.append(table.put(event_item(event)))
        with contextlib.suppress(AlreadyExists):  # sent meanwhile by another worker
            table.transact(actions, ["outbox", "event"])

    def lease(self, work: OutboxItem, until: datetime) -> bool:
        seen = iso(work.next_attempt_at)
        until_iso = iso(until)
        try:
            self.table.client.update_item(
                TableName=self.table.table_name,
                Key={"PK": {"S": ticket_pk(work.ticket_id)}, "SK": {"S": outbox_sk(work.id)}},
                UpdateExpression="SET next_attempt_at = :until, GSI2SK = :sk",
                ConditionExpression="#s = :pending AND next_attempt_at = :seen",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":until": {"S": until_iso}, ":sk": {"S": f"{until_iso}#{work.id}"},
                                           ":pending": {"S": "pending"}, ":seen": {"S": seen}},
            )
        except ClientError as error:
            if aws.error_code(error) == "ConditionalCheckFailedException":
                return False
            raise UpstreamError(f"could not lease outbox work: {aws.error_code(error)}") from error
        return True

    def due(self, before: datetime, limit: int) -> list[OutboxItem]:
        """From every shard, then the earliest first."""
        found: list[OutboxItem] = []
        for shard in range(OUTBOX_SHARDS):
            listed = self.table.index_before(outbox_shard_pk(shard), iso(before), limit)
            keys = [(i["PK"], i["SK"]) for i in listed]
            found += [outbox_from_item(item) for item in self.table.batch_get(keys).values()]
        found.sort(key=lambda w: w.next_attempt_at)
        return found[:limit]

    def of_ticket(self, ticket_id: str) -> list[OutboxItem]:
        return [outbox_from_item(i) for i in self.table.partition_prefix(ticket_pk(ticket_id), OUTBOX_PREFIX)]

    def get(self, ticket_id: str, work_id: str) -> OutboxItem | None:
        item = self.table.get_item(ticket_pk(ticket_id), outbox_sk(work_id))
        return outbox_from_item(item) if item else None


# Which key layout the table's items are written in (keys.py); `upgrade_layout` moves older ones.
# 2: sharded queues, the sweeper's deadline index (GSI4), keys-only indexes; 3: ticket listings
# by status (GSI6) and by owner (GSI5)
LAYOUT_VERSION = 3
_LAYOUT_KEY = ("LAYOUT", "LAYOUT")


class DynamoStore:
    """Every part of the store on one table."""

    def __init__(self, table_name: str, dynamodb: Any | None = None) -> None:
        self.table = Table(table_name, dynamodb)
        self.tickets = DynamoTickets(self.table)
        self.customers = DynamoCustomers(self.table)
        self.remedies = DynamoRemedies(self.table)
        self.quarantine = DynamoQuarantine(self.table)
        self.inbound = DynamoInbound(self.table)
        self.claims = DynamoClaims(self.table)
        self.api_keys = DynamoApiKeys(self.table)
        self.outbox = DynamoOutbox(self.table)
        from .shipments import DynamoShipments  # its own module: shipments lean on this one's Table

        self.shipments = DynamoShipments(self.table)
        from .articles import DynamoArticles  # it builds on Table, defined here

        self.articles = DynamoArticles(self.table)
        from .agents import DynamoAgents

        self.agents = DynamoAgents(self.table)
        from .ticket_lists import DynamoTicketLists

        self.ticket_lists = DynamoTicketLists(self.table)
        from .macros import DynamoMacros

        self.macros = DynamoMacros(self.table)
        from .agent_stats import DynamoAgentStats

        self.agent_stats = DynamoAgentStats(self.table)

        from .feedback import DynamoKpis, DynamoPatterns  # beside this module, which it builds on

        self.kpis = DynamoKpis(self.table)
        self.patterns = DynamoPatterns(self.table)

    def upgrade_layout(self) -> int:
        """Write every ticket again in today's key layout when the table was written in an older
        one; the number of tickets moved. A scan: for a deploy step or the local stack's start,
        never a request path."""
        marker = self.table.get_item(*_LAYOUT_KEY)
        if marker and int(marker.get("version", 0)) >= LAYOUT_VERSION:
            return 0
        moved = 0
        kwargs: dict[str, Any] = {"TableName": self.table.table_name, "FilterExpression": "#t = :ticket",
                                  "ExpressionAttributeNames": {"#t": "type"},
                                  "ExpressionAttributeValues": {":ticket": {"S": "ticket"}}}
        while True:
            page = self.table.client.scan(**kwargs)
            for raw in page.get("Items", []):
                self.table.put_item(ticket_item(ticket_from_item(deserialize_item(raw))))
                moved += 1
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        self.table.put_item({"PK": _LAYOUT_KEY[0], "SK": _LAYOUT_KEY[1], "type": "layout", "version": LAYOUT_VERSION})
        return moved
