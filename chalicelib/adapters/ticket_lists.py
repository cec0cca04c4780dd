"""Finding tickets on DynamoDB, newest first: by owner (GSI5), by status (GSI6, sharded), by
order (GSI3) and by customer (GSI1). Every index holds keys only: the tickets are read fresh.

A listing names its partitions; each is read backwards from the position the last page ended at
(a sort key: when the ticket was opened, then its id), the heads merged, the newest `limit`
kept. The position is the sort key of the last ticket listed, the same in every partition."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from ..domain.models import Ticket
from .dynamo import deserialize_item
from .keys import STATUS_SHARDS, customer_pk, listing_sk, owner_pk, status_pk, stored_time, ticket_from_item
from .repository import Table

_AFTER_EVERYTHING = "~"  # sorts after any stored time


def _bounds(after: str | None, created_from: datetime | None, created_before: datetime | None) -> tuple[str, str]:
    low = stored_time(created_from) if created_from else "0"  # before any year; DynamoDB refuses ""
    high = stored_time(created_before) + "#~" if created_before else _AFTER_EVERYTHING  # inclusive
    if after is not None and after < high:
        high = after
    return low, high


class DynamoTicketLists:
    def __init__(self, table: Table) -> None:
        self.table = table

    def position_of(self, ticket: Ticket) -> str:
        return listing_sk(ticket)  # GSI1, GSI3, GSI5 and GSI6 all sort on it

    def owned(self, email: str, statuses: Sequence[str], limit: int, after: str | None = None,
              created_from: datetime | None = None, created_before: datetime | None = None,
              ) -> tuple[list[Ticket], str | None]:
        return self._listing("GSI5", [owner_pk(email, s) for s in statuses], limit, after, created_from,
                             created_before)

    def with_status(self, statuses: Sequence[str], limit: int, after: str | None = None,
                    created_from: datetime | None = None, created_before: datetime | None = None,
                    ) -> tuple[list[Ticket], str | None]:
        partitions = [status_pk(s, shard) for s in statuses for shard in range(STATUS_SHARDS)]
        return self._listing("GSI6", partitions, limit, after, created_from, created_before)

    def for_order(self, order_id: str, limit: int, after: str | None = None,
                  created_from: datetime | None = None, created_before: datetime | None = None,
                  ) -> tuple[list[Ticket], str | None]:
        return self._listing("GSI3", [f"ORDER#{order_id}"], limit, after, created_from, created_before)

    def for_customer(self, email: str, limit: int, after: str | None = None,
                     created_from: datetime | None = None, created_before: datetime | None = None,
                     ) -> tuple[list[Ticket], str | None]:
        return self._listing("GSI1", [customer_pk(email)], limit, after, created_from, created_before)

    def _listing(self, index: str, partitions: list[str], limit: int, after: str | None,
                 created_from: datetime | None, created_before: datetime | None) -> tuple[list[Ticket], str | None]:
        low, high = _bounds(after, created_from, created_before)
        if low >= high:
            return [], None

        def head(pk: str) -> list[dict[str, Any]]:
            # BETWEEN is inclusive: the ticket at `high` (the last page's end) is dropped below.
            response = self.table.query(
                IndexName=index, ScanIndexForward=False, Limit=limit + 1,
                KeyConditionExpression=f"{index}PK = :pk AND {index}SK BETWEEN :low AND :high",
                ExpressionAttributeValues={":pk": {"S": pk}, ":low": {"S": low}, ":high": {"S": high}})
            return [deserialize_item(i) for i in response["Items"]]

        if len(partitions) == 1:
            heads = [head(partitions[0])]
        else:
            with ThreadPoolExecutor(max_workers=min(8, len(partitions))) as pool:
                heads = list(pool.map(head, partitions))
        sort_key = f"{index}SK"
        merged = sorted((k for h in heads for k in h if k[sort_key] != high), key=lambda k: k[sort_key], reverse=True)
        page = merged[:limit]
        # A partition that filled its query may hold more, even when the dropped boundary key
        # leaves exactly `limit` merged: then the next page says whether it does.
        more = len(merged) > limit or (len(merged) == limit and any(len(h) == limit + 1 for h in heads))
        tickets = [ticket_from_item(i) for i in self.table.listed_items(page) if i.get("type") == "ticket"]
        return tickets, (page[-1][sort_key] if more and page else None)
