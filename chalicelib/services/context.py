"""The adapters a use case needs, built from the settings in force for this invocation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..adapters.events import EventBus
from ..adapters.mailer import Mailer
from ..adapters.repository import Repository
from ..adapters.workflows import Workflows
from ..config import Settings, get_settings
from ..domain.clock import utcnow


@dataclass
class Desk:
    settings: Settings
    repository: Repository
    mailer: Mailer
    workflows: Workflows
    bus: EventBus
    clock: Callable[[], datetime] = field(default=utcnow)

    def now(self) -> datetime:
        return self.clock()


def desk(settings: Settings | None = None) -> Desk:
    settings = settings or get_settings()
    return Desk(
        settings=settings,
        repository=Repository(settings.table_name),
        mailer=Mailer(settings.ses_configuration_set),
        workflows=Workflows(settings.state_machine_arn),
        bus=EventBus(settings.event_bus_name),
    )
