"""DynamoDB repository: every write that must go together goes in one transaction, every update
is conditional on the version the caller read, and every change appends an audit event."""

from __future__ import annotations

import contextlib
import heapq
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any

from botocore.exceptions import ClientError

from ..domain.clock import iso, utcnow
from ..domain.models import AuditEvent, Customer, Message, OutboxItem, Ticket
from ..errors import Conflict, UpstreamError
from . import aws
from .dynamo import deserialize_item, serialize_item, serialize_value
from .keys import (
    OUTBOX_SHARDS,
    QUEUED_STATUSES,
    customer_pk,
    event_item,
    message_item,
    outbox_from_item,
    outbox_item,
    outbox_shard_pk,
    queue_pk,
    strip_keys,
    ticket_from_item,
    ticket_item,
    ticket_pk,
)


def iso_now() -> str:
    return iso(utcnow())


class AlreadyExists(Exception):
    """A conditional put found its key taken; `reasons` says which items of the transaction."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Claim:
    """An item that must not exist yet (idempotency key, dedupe key) written with the change.
    A claim with a `ttl` (epoch seconds) may be taken again once that moment has passed, whether
    or not DynamoDB's lazy TTL has deleted it yet."""

    pk: str
    sk: str
    attributes: dict[str, Any]
    ttl: int | None = None

    @staticmethod
    def bind(claims: tuple[Claim, ...], **outcome: Any) -> tuple[Claim, ...]:
        """The same claims, remembering what they produced (so a replay can hand it back)."""
        return tuple(replace(c, attributes={**c.attributes, **outcome}) for c in claims)


@dataclass(frozen=True)
class TicketHistory:
    ticket: Ticket
    messages: list[Message]
    events: list[AuditEvent]
    older_messages: str | None = None  # where the next (older) page of messages starts, if any
    older_events: str | None = None


_PAGE_PREFIXES = {"messages": "MSG#", "events": "EVT#"}


class Repository:
    def __init__(self, table_name: str, dynamodb: Any | None = None) -> None:
        self.table_name = table_name
        self._client = dynamodb

    @property
    def client(self) -> Any:
        return self._client or aws.client("dynamodb")

    # -- writes ---------------------------------------------------------------------------
    def create_ticket(
        self,
        ticket: Ticket,
        customer: Customer,
        message: Message,
        event: AuditEvent,
        claims: tuple[Claim, ...] = (),
        extra: tuple[dict[str, Any], ...] = (),
        customer_updates: dict[str, Any] | None = None,
        outbox: tuple[OutboxItem, ...] = (),
        events: tuple[AuditEvent, ...] = (),
    ) -> None:
        """Ticket, customer, first message, audit events, claims, extra items and the work promised
        after it (outbox), all or nothing."""
        extra = (*extra, *(event_item(e) for e in events), *(outbox_item(w) for w in outbox))
        actions = [
            self._put_new(ticket_item(ticket)),
            self._upsert_customer(customer, customer_updates or {}),
            self._put(message_item(message)),
            self._put(event_item(event)),
            *(self._put_claim(claim) for claim in claims),
            *(self._put(item) for item in extra),
        ]
        labels = ["ticket", "customer", "message", "event", *(c.pk for c in claims)]
        labels += ["extra" for _ in extra]
        self._transact(actions, labels)

    def save_ticket(
        self,
        ticket: Ticket,
        expected_version: int,
        events: tuple[AuditEvent, ...] = (),
        messages: tuple[Message, ...] = (),
        claims: tuple[Claim, ...] = (),
        extra: tuple[dict[str, Any], ...] = (),
        outbox: tuple[OutboxItem, ...] = (),
    ) -> None:
        """Replace the ticket if nobody changed it since `expected_version`, with its events and
        the work promised after it (outbox)."""
        extra = (*extra, *(outbox_item(w) for w in outbox))
        put = self._put(ticket_item(ticket))
        put["Put"]["ConditionExpression"] = "#v = :expected"
        put["Put"]["ExpressionAttributeNames"] = {"#v": "version"}
        put["Put"]["ExpressionAttributeValues"] = {":expected": serialize_value(expected_version)}
        actions = [
            put,
            *(self._put(event_item(e)) for e in events),
            *(self._put(message_item(m)) for m in messages),
            *(self._put_claim(c) for c in claims),
            *(self._put(item) for item in extra),
        ]
        labels = ["ticket", *("event" for _ in events), *("message" for _ in messages)]
        labels += [c.pk for c in claims] + ["extra" for _ in extra]
        try:
            self._transact(actions, labels)
        except AlreadyExists as error:
            if "ticket" in error.reasons:
                raise Conflict(
                    f"ticket {ticket.id} changed since version {expected_version}; reload it",
                    code="version_conflict",
                ) from error
            raise

    def write_together(self, items: tuple[dict[str, Any], ...], claims: tuple[Claim, ...] = (),
                       outbox: tuple[OutboxItem, ...] = ()) -> None:
        """Plain items, claims and outbox work in one transaction (AlreadyExists on a taken claim)."""
        items = (*items, *(outbox_item(w) for w in outbox))
        actions = [*(self._put_claim(c) for c in claims), *(self._put(i) for i in items)]
        self._transact(actions, [c.pk for c in claims] + ["extra" for _ in items])

    def update_customer(self, email: str, values: dict[str, Any]) -> None:
        names = {f"#a{i}": k for i, k in enumerate(values)}
        expression = "SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(values)))
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"PK": {"S": customer_pk(email)}, "SK": {"S": "PROFILE"}},
                UpdateExpression=expression,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={f":v{i}": serialize_value(v) for i, v in enumerate(values.values())},
            )
        except ClientError as error:
            raise UpstreamError(f"could not update customer: {aws.error_code(error)}") from error

    def replace_if(self, item: dict[str, Any], attribute: str, expected: Any,
                   extra: tuple[dict[str, Any], ...] = (), outbox: tuple[OutboxItem, ...] = ()) -> None:
        """Replace an item only while `attribute` still equals `expected` (AlreadyExists otherwise)."""
        extra = (*extra, *(outbox_item(w) for w in outbox))
        put = self._put(item)
        put["Put"]["ConditionExpression"] = "#a = :expected"
        put["Put"]["ExpressionAttributeNames"] = {"#a": attribute}
        put["Put"]["ExpressionAttributeValues"] = {":expected": serialize_value(expected)}
        self._transact([put, *(self._put(i) for i in extra)], ["item", *("extra" for _ in extra)])

    def put_claim(self, claim: Claim) -> bool:
        """True when this call took the claim, False when it was already taken."""
        try:
            self._transact([self._put_claim(claim)], [claim.pk])
        except AlreadyExists:
            return False
        return True

    def put_item(self, item: dict[str, Any]) -> None:
        try:
            self.client.put_item(TableName=self.table_name, Item=serialize_item(item))
        except ClientError as error:
            raise UpstreamError(f"could not store {item.get('PK')}: {aws.error_code(error)}") from error

    # -- outbox -----------------------------------------------------------------------------
    def outbox_done(self, work: OutboxItem, result: dict[str, Any], ses_mapping: str | None = None) -> bool:
        """Mark promised work done, with what it changed: the mapping of SES's Message-ID to the
        ticket, SES's id on the message, a remedy's publication time. False when it was already done."""
        now = iso_now()
        update: dict[str, Any] = {"Update": {
            "TableName": self.table_name,
            "Key": {"PK": {"S": ticket_pk(work.ticket_id)}, "SK": {"S": f"OUT#{work.id}"}},
            "UpdateExpression": "SET #s = :sent, done_at = :now, #r = :result REMOVE GSI2PK, GSI2SK, mime",
            "ConditionExpression": "#s = :pending",
            "ExpressionAttributeNames": {"#s": "status", "#r": "result"},
            "ExpressionAttributeValues": {":sent": {"S": "sent"}, ":pending": {"S": "pending"},
                                          ":now": {"S": now}, ":result": serialize_value(result)},
        }}
        actions = [update]
        if ses_mapping:
            actions.append(self._put({"PK": ses_mapping, "SK": "MSGID", "type": "mapping",
                                      "ticket_id": work.ticket_id}))
        links = work.links
        if links.get("message_id") and links.get("message_at") and result.get("ses_message_id"):
            actions.append(self._set_existing(ticket_pk(work.ticket_id),
                                              f"MSG#{links['message_at']}#{links['message_id']}",
                                              {"ses_message_id": result["ses_message_id"]}))
        if links.get("remedy_id"):
            actions.append(self._set_existing(ticket_pk(work.ticket_id), f"REM#{links['remedy_id']}",
                                              {"published_at": now}))
        try:
            self._transact(actions, ["outbox", *("effect" for _ in actions[1:])])
        except AlreadyExists:
            return False
        return True

    def outbox_retry_later(self, work: OutboxItem, attempts: int, next_attempt_at: str, error: str,
                           give_up: bool, event: AuditEvent | None = None) -> None:
        """Record a failed attempt: try again at `next_attempt_at`, or give up (kept, visible)."""
        names = {"#s": "status"}
        values: dict[str, Any] = {":attempts": attempts, ":error": error[:1000], ":next": next_attempt_at,
                                  ":pending": "pending"}
        if give_up:
            expression = "SET #s = :failed, attempts = :attempts, last_error = :error, next_attempt_at = :next " \
                         "REMOVE GSI2PK, GSI2SK"
            values[":failed"] = "failed"
        else:
            expression = "SET attempts = :attempts, last_error = :error, next_attempt_at = :next, GSI2SK = :sk"
            values[":sk"] = f"{next_attempt_at}#{work.id}"
        actions = [{"Update": {
            "TableName": self.table_name,
            "Key": {"PK": {"S": ticket_pk(work.ticket_id)}, "SK": {"S": f"OUT#{work.id}"}},
            "UpdateExpression": expression,
            "ConditionExpression": "#s = :pending",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {k: serialize_value(v) for k, v in values.items()},
        }}]
        if event is not None:
            actions.append(self._put(event_item(event)))
        with contextlib.suppress(AlreadyExists):  # sent meanwhile by another worker
            self._transact(actions, ["outbox", "event"])

    def outbox_lease(self, work: OutboxItem, until: str) -> bool:
        """Take pending work for a while, so two sweepers never carry out the same item at once."""
        seen = iso(work.next_attempt_at)
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"PK": {"S": ticket_pk(work.ticket_id)}, "SK": {"S": f"OUT#{work.id}"}},
                UpdateExpression="SET next_attempt_at = :until, GSI2SK = :sk",
                ConditionExpression="#s = :pending AND next_attempt_at = :seen",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":until": {"S": until}, ":sk": {"S": f"{until}#{work.id}"},
                                           ":pending": {"S": "pending"}, ":seen": {"S": seen}},
            )
        except ClientError as error:
            if aws.error_code(error) == "ConditionalCheckFailedException":
                return False
            raise UpstreamError(f"could not lease outbox work: {aws.error_code(error)}") from error
        return True

    def outbox_due(self, before: str, limit: int) -> list[OutboxItem]:
        """Pending work whose next attempt is due, oldest first, from every shard."""
        found: list[OutboxItem] = []
        for shard in range(OUTBOX_SHARDS):
            response = self._query(
                IndexName="GSI2",
                KeyConditionExpression="GSI2PK = :pk AND GSI2SK < :before",
                ExpressionAttributeValues={":pk": {"S": outbox_shard_pk(shard)}, ":before": {"S": before}},
                Limit=limit,
            )
            keys = [(i["PK"]["S"], i["SK"]["S"]) for i in response["Items"]]
            found += [outbox_from_item(item) for item in self.batch_get(keys).values()]
        found.sort(key=lambda w: w.next_attempt_at)
        return found[:limit]

    def outbox_of(self, ticket_id: str) -> list[OutboxItem]:
        return [outbox_from_item(i) for i in self.list_partition_prefix(ticket_pk(ticket_id), "OUT#")]

    def get_outbox(self, ticket_id: str, work_id: str) -> OutboxItem | None:
        item = self.get_item(ticket_pk(ticket_id), f"OUT#{work_id}")
        return outbox_from_item(item) if item else None

    # -- reads ----------------------------------------------------------------------------
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

    def batch_get(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """Several items in one round trip (up to 100), keyed by (PK, SK)."""
        wanted = list(dict.fromkeys(keys))[:100]
        if not wanted:
            return {}
        request = {self.table_name: {"Keys": [{"PK": {"S": pk}, "SK": {"S": sk}} for pk, sk in wanted],
                                     "ConsistentRead": True}}
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

    def list_partition_prefix(self, pk: str, prefix: str) -> list[dict[str, Any]]:
        return self._query_all(
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": pk}, ":prefix": {"S": prefix}},
            ConsistentRead=True,
        )

    def index_due_before(self, index: str, pk: str, before: str, limit: int = 100) -> list[dict[str, Any]]:
        response = self._query(
            IndexName=index,
            KeyConditionExpression=f"{index}PK = :pk AND {index}SK < :before",
            ExpressionAttributeValues={":pk": {"S": pk}, ":before": {"S": before}},
            Limit=limit,
        )
        return [deserialize_item(i) for i in response["Items"]]

    def list_index(self, index: str, pk: str, limit: int, newest_first: bool = True) -> list[dict[str, Any]]:
        response = self._query(
            IndexName=index,
            KeyConditionExpression=f"{index}PK = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
            ScanIndexForward=not newest_first,
            Limit=limit,
        )
        return [deserialize_item(i) for i in response["Items"]]

    def get_message(self, ticket_id: str, created_at: str, message_id: str) -> Message | None:
        item = self.get_item(ticket_pk(ticket_id), f"MSG#{created_at}#{message_id}")
        return Message.model_validate(strip_keys(item)) if item else None

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        item = self.get_item(ticket_pk(ticket_id), "META")
        return ticket_from_item(item) if item else None

    def get_history(self, ticket_id: str) -> TicketHistory | None:
        items = self._query_all(
            KeyConditionExpression="PK = :pk",
            ExpressionAttributeValues={":pk": {"S": ticket_pk(ticket_id)}},
            ConsistentRead=True,
        )
        ticket, messages, events = None, [], []
        for item in items:
            kind = item.get("type")
            if kind == "ticket":
                ticket = ticket_from_item(item)
            elif kind == "message":
                messages.append(Message.model_validate(strip_keys(item)))
            elif kind == "event":
                events.append(AuditEvent.model_validate(strip_keys(item)))
        if ticket is None:
            return None
        return TicketHistory(ticket, messages, events)

    def newest(self, ticket_id: str, kind: str, limit: int, before: str | None = None,
               keep: Any = None) -> tuple[list[Any], str | None]:
        """The newest `limit` messages or events of a ticket (those `keep` accepts), newest first,
        older than the position `before`; and the position the next page starts from."""
        prefix = _PAGE_PREFIXES[kind]
        if before is not None and not before.startswith(prefix):
            raise ValueError(f"not a {kind} position")
        pk = ticket_pk(ticket_id)
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
            "ScanIndexForward": False, "ConsistentRead": True, "Limit": limit,
        }
        if before:
            kwargs["ExclusiveStartKey"] = {"PK": {"S": pk}, "SK": {"S": before}}
        model = Message if kind == "messages" else AuditEvent
        found: list[Any] = []
        while True:
            response = self._query(**kwargs)
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

    def tickets_for_customer(
        self, email: str, limit: int, cursor: dict[str, Any] | None = None
    ) -> tuple[list[Ticket], dict[str, Any] | None]:
        kwargs: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": "GSI1PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": customer_pk(email)}},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if cursor:
            kwargs["ExclusiveStartKey"] = cursor
        response = self._query(**kwargs)
        tickets = [ticket_from_item(deserialize_item(i)) for i in response["Items"]]
        return tickets, response.get("LastEvaluatedKey")

    def queue(self, tier: int, statuses: tuple[str, ...], limit: int) -> list[Ticket]:
        """Tickets waiting at a tier, most urgent first: priority rank, then the next deadline."""
        streams = []
        for status in statuses:
            if status not in QUEUED_STATUSES:
                continue
            response = self._query(
                IndexName="GSI2",
                KeyConditionExpression="GSI2PK = :pk",
                ExpressionAttributeValues={":pk": {"S": queue_pk(tier, status)}},
                Limit=limit,
            )
            streams.append([deserialize_item(i) for i in response["Items"]])
        merged = heapq.merge(*streams, key=lambda item: item["GSI2SK"])
        return [ticket_from_item(item) for _, item in zip(range(limit), merged, strict=False)]

    def queue_due_before(self, tier: int, status: str, rank: int, due_iso: str) -> list[Ticket]:
        """Queued tickets of one priority whose next deadline is before `due_iso` (sweeper)."""
        items = self._query_all(
            IndexName="GSI2",
            KeyConditionExpression="GSI2PK = :pk AND GSI2SK BETWEEN :low AND :high",
            ExpressionAttributeValues={
                ":pk": {"S": queue_pk(tier, status)},
                ":low": {"S": f"{rank}#"},
                ":high": {"S": f"{rank}#{due_iso}"},
            },
        )
        return [ticket_from_item(item) for item in items]

    # -- internals ------------------------------------------------------------------------
    def _put(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self.table_name, "Item": serialize_item(item)}}

    def _set_existing(self, pk: str, sk: str, values: dict[str, Any]) -> dict[str, Any]:
        names = {f"#a{i}": k for i, k in enumerate(values)}
        return {"Update": {
            "TableName": self.table_name,
            "Key": {"PK": {"S": pk}, "SK": {"S": sk}},
            "UpdateExpression": "SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(values))),
            "ConditionExpression": "attribute_exists(PK)",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {f":v{i}": serialize_value(v) for i, v in enumerate(values.values())},
        }}

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        action = self._put(item)
        action["Put"]["ConditionExpression"] = "attribute_not_exists(PK)"
        return action

    def _put_claim(self, claim: Claim) -> dict[str, Any]:
        item = {"PK": claim.pk, "SK": claim.sk, "type": "claim", **claim.attributes}
        if not claim.ttl:
            return self._put_new(item)
        item["expires_at"] = claim.ttl
        action = self._put(item)
        action["Put"]["ConditionExpression"] = "attribute_not_exists(PK) OR expires_at < :now"
        action["Put"]["ExpressionAttributeValues"] = {":now": serialize_value(int(time.time()))}
        return action

    def _upsert_customer(self, customer: Customer, updates: dict[str, Any]) -> dict[str, Any]:
        # An update, not a put: a customer's profile is shared by all their tickets.
        names = {"#n": "name", "#l": "language", "#c": "created_at", "#e": "email", "#t": "type"}
        values = {
            ":name": customer.name,
            ":language": customer.language,
            ":created": iso(customer.created_at),
            ":email": customer.email,
            ":type": "customer",
            ":one": 1,
        }
        expression = (
            "SET #e = :email, #t = :type, #c = if_not_exists(#c, :created), "
            "#l = if_not_exists(#l, :language), #n = if_not_exists(#n, :name) "
            "ADD ticket_count :one"
        )
        if customer.name:
            expression = expression.replace("#n = if_not_exists(#n, :name)", "#n = :name")
        for i, (name, value) in enumerate(updates.items()):
            names[f"#u{i}"] = name
            values[f":u{i}"] = value
            expression = expression.replace(" ADD ", f", #u{i} = :u{i} ADD ")
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": {"PK": {"S": customer_pk(customer.email)}, "SK": {"S": "PROFILE"}},
                "UpdateExpression": expression,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": {k: serialize_value(v) for k, v in values.items()},
            }
        }

    def _transact(self, actions: list[dict[str, Any]], labels: list[str]) -> None:
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
                    raise AlreadyExists(failed) from error
            raise UpstreamError(f"could not write ({aws.error_code(error)}); retry") from error

    def _query(self, **kwargs: Any) -> dict[str, Any]:
        try:
            return dict(self.client.query(TableName=self.table_name, **kwargs))
        except ClientError as error:
            raise UpstreamError(f"could not query ({aws.error_code(error)}); retry") from error

    def _query_all(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            response = self._query(**kwargs)
            items.extend(deserialize_item(i) for i in response["Items"])
            if "LastEvaluatedKey" not in response:
                return items
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
