"""Domain events on the EventBridge bus, for the store's own systems to act on."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..errors import UpstreamError
from . import aws

SOURCE = "resolution-center"


class EventBus:
    def __init__(self, bus_name: str, events: Any | None = None) -> None:
        self.bus_name = bus_name
        self._client = events

    @property
    def client(self) -> Any:
        return self._client or aws.client("events")

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        entry = {
            "Source": SOURCE,
            "DetailType": detail_type,
            "Detail": json.dumps(detail, default=str),
            "EventBusName": self.bus_name,
        }
        try:
            response = self.client.put_events(Entries=[entry])
        except ClientError as error:
            raise UpstreamError(f"could not publish {detail_type}: {aws.error_code(error)}") from error
        except BotoCoreError as error:
            raise UpstreamError(f"could not publish {detail_type}: {error}") from error
        if response.get("FailedEntryCount"):
            raise UpstreamError(f"EventBridge refused {detail_type}: {response['Entries']}")
