"""Start and stop the whole local desk; shared by `make run` and the end-to-end tests."""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalicelib.domain.access import ROLES

from . import emulator, gateway, provision

ROOT = provision.ROOT
log = logging.getLogger(__name__)


def register_app_functions(app: Any) -> None:
    for function in app.pure_lambda_functions:
        emulator.register_lambda(function.name, function)


def apply_environment(overrides: dict[str, str] | None = None) -> dict[str, str]:
    env = provision.stage_environment("dev")
    env.update(overrides or {})
    os.environ.update(env)
    return env


def issue_keys() -> dict[str, str]:
    from chalicelib.services import apikeys
    from chalicelib.services.context import desk

    return {role: apikeys.issue_key(desk(), role, f"local {role}")[0] for role in ROLES}


@dataclass
class LocalStack:
    state_dir: Path
    api_port: int = 8000
    smtp_port: int = 2525
    sla_scale: str = "1"
    schedule_seconds: float = 60.0
    host: str = "127.0.0.1"
    emulator: emulator.Emulator | None = None
    keys: dict[str, str] = field(default_factory=dict)
    _stoppers: list[Any] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    def start(self) -> LocalStack:
        from chalice.cli.factory import CLIFactory
        from chalice.local import create_local_server

        import app as application

        self.state_dir.mkdir(parents=True, exist_ok=True)
        outbox = self.state_dir / "outbox"
        # Every run starts from an empty AWS emulation, so mail from an earlier run would only mislead.
        for old_mail in outbox.glob("*.eml"):
            old_mail.unlink()
        self.emulator = emulator.Emulator().start()
        emulator.add_outbox(outbox)
        env = apply_environment({"SLA_SCALE": self.sla_scale})
        provision.provision(env)
        register_app_functions(application.app)
        self.keys = issue_keys()

        gateway.apply_gateway_responses()
        config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev")
        server = create_local_server(application.app, config, self.host, self.api_port)
        threading.Thread(target=server.serve_forever, daemon=True, name="api").start()
        self._stoppers.append(server.shutdown)

        from .smtp import start_listener

        controller = start_listener(self.host, self.smtp_port, env["RAW_MAIL_BUCKET"], inbound_delivery())
        self._stoppers.append(controller.stop)
        ticker = Ticker(scheduled_handlers(application.app), self.schedule_seconds)
        ticker.start()
        self._stoppers.append(ticker.stop)
        self._write_state(env, outbox)
        return self

    def stop(self) -> None:
        for stop in reversed(self._stoppers):
            with contextlib.suppress(Exception):  # stopping is best effort
                stop()
        if self.emulator:
            self.emulator.stop()

    def _write_state(self, env: dict[str, str], outbox: Path) -> None:
        (self.state_dir / "keys.json").write_text(json.dumps(self.keys, indent=2) + "\n")
        stack = {
            "api_url": self.api_url,
            "smtp_host": self.host,
            "smtp_port": self.smtp_port,
            "support_address": env["SUPPORT_ADDRESS"],
            "outbox": str(outbox.resolve()),
            "aws_endpoint_url": self.emulator.url if self.emulator else None,
            "mail_bucket": env["RAW_MAIL_BUCKET"],
            "table": env["TABLE_NAME"],
            "sla_scale": float(self.sla_scale),
        }
        (self.state_dir / "stack.json").write_text(json.dumps(stack, indent=2) + "\n")


def scheduled_handlers(app: Any) -> dict[str, Any]:
    """Every `@schedule` function of the app, by name (EventBridge rules on AWS)."""
    from chalice.app import ScheduledEventConfig

    found = {}
    for source in app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            module_name, _, attribute = source.handler_string.rpartition(".")
            found[source.name] = getattr(importlib.import_module(module_name), attribute)
    return found


class Ticker(threading.Thread):
    """Runs every schedule each `seconds` (SCHEDULE_SECONDS), as EventBridge would."""

    def __init__(self, handlers: dict[str, Any], seconds: float) -> None:
        super().__init__(daemon=True, name="schedules")
        self.handlers = handlers
        self.seconds = seconds
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.seconds):
            for name, handler in self.handlers.items():
                try:
                    handler(scheduled_event(name), None)
                except Exception:
                    log.exception("schedule %s failed", name)

    def stop(self) -> None:
        self._stopped.set()


def scheduled_event(name: str) -> dict[str, Any]:
    from datetime import UTC, datetime

    return {"version": "0", "id": name, "detail-type": "Scheduled Event", "source": "aws.events",
            "account": emulator.ACCOUNT_ID, "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": emulator.REGION, "resources": [f"arn:aws:events:{emulator.REGION}:{emulator.ACCOUNT_ID}:rule/{name}"],
            "detail": {}}


def inbound_delivery() -> Any:
    """What SES does after its S3 action: invoke the inbound Lambda with a receipt event."""
    import app as application

    handler = next(f for f in application.app.pure_lambda_functions if f.name == "inbound_email")

    def deliver(key: str, mail_from: str, recipients: list[str]) -> None:
        handler(ses_event(key.rsplit("/", 1)[-1], mail_from, recipients), None)

    return deliver


def ses_event(message_id: str, mail_from: str, recipients: list[str], verdict: str = "PASS") -> dict[str, Any]:
    """A receipt event shaped like the ones SES sends (see ../shared/data/events)."""
    status = {"status": verdict}
    return {"Records": [{"eventSource": "aws:ses", "eventVersion": "1.0", "ses": {
        "mail": {"messageId": message_id, "source": mail_from, "destination": recipients,
                 "timestamp": "1970-01-01T00:00:00.000Z", "headersTruncated": False, "headers": [],
                 "commonHeaders": {}},
        "receipt": {"recipients": recipients, "timestamp": "1970-01-01T00:00:00.000Z",
                    "spamVerdict": status, "virusVerdict": status, "spfVerdict": status,
                    "dkimVerdict": status, "dmarcVerdict": status, "processingTimeMillis": 1,
                    "action": {"type": "Lambda", "invocationType": "Event",
                               "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:inbound_email"}},
    }}]}
