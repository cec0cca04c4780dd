"""Per-agent daily counters on DynamoDB (atomic ADD): the `AgentStats` port.

`AGENTKPI#<email>` / `<YYYY-MM-DD>`: one partition per agent, one item per day, so a month's
report is one query and counting never contends with another agent's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from botocore.exceptions import ClientError

from ..errors import UpstreamError
from . import aws
from .dynamo import serialize_value
from .repository import Table


def stats_pk(email: str) -> str:
    return f"AGENTKPI#{email.lower()}"


class DynamoAgentStats:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, email: str, day: date, counts: Mapping[str, int]) -> None:
        wanted = {k: v for k, v in counts.items() if v}
        if not wanted:
            return
        names = {f"#c{i}": name for i, name in enumerate(wanted)}
        values = {f":v{i}": serialize_value(int(v)) for i, v in enumerate(wanted.values())}
        try:
            self.table.client.update_item(
                TableName=self.table.table_name,
                Key={"PK": {"S": stats_pk(email)}, "SK": {"S": day.isoformat()}},
                UpdateExpression="SET #t = :type ADD " + ", ".join(f"#c{i} :v{i}" for i in range(len(wanted))),
                ExpressionAttributeNames={**names, "#t": "type"},
                ExpressionAttributeValues={**values, ":type": {"S": "agent_kpi"}},
            )
        except ClientError as error:
            raise UpstreamError(f"could not count ({aws.error_code(error)})") from error

    def days(self, email: str, first: date, last: date) -> dict[str, dict[str, int]]:
        items = self.table.query_all(
            KeyConditionExpression="PK = :pk AND SK BETWEEN :first AND :last",
            ExpressionAttributeValues={":pk": {"S": stats_pk(email)}, ":first": {"S": first.isoformat()},
                                       ":last": {"S": last.isoformat()}})
        return {str(i["SK"]): {k: int(v) for k, v in i.items() if k not in {"PK", "SK", "type"}} for i in items}


