"""The ports a use case needs, built from the settings in force for this invocation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..adapters.blobs import Blobs
from ..adapters.cognito import CognitoAccounts
from ..adapters.events import EventBus
from ..adapters.mailer import Mailer
from ..adapters.ports import AgentAccounts, BlobStore, EventPublisher, MailSender, Store, TimerService
from ..adapters.repository import DynamoStore
from ..adapters.workflows import Workflows
from ..config import Settings, get_settings
from ..domain.clock import utcnow


@dataclass
class Desk:
    settings: Settings
    store: Store
    mailer: MailSender
    workflows: TimerService
    bus: EventPublisher
    blobs: BlobStore
    clock: Callable[[], datetime] = field(default=utcnow)
    accounts: AgentAccounts | None = None  # agents' credentials (the user pool); None: API keys only

    def now(self) -> datetime:
        return self.clock()


def desk(settings: Settings | None = None) -> Desk:
    """The desk on AWS: DynamoDB, SES, Step Functions, EventBridge and S3."""
    settings = settings or get_settings()
    return Desk(
        settings=settings,
        store=DynamoStore(settings.table_name),
        mailer=Mailer(settings.ses_configuration_set),
        workflows=Workflows(settings.state_machine_arn),
        bus=EventBus(settings.event_bus_name),
        blobs=Blobs(),
        accounts=CognitoAccounts(settings.cognito_user_pool_id, settings.cognito_client_id, settings.region),
    )
