"""Start and stop the whole local desk; shared by `make run` and the end-to-end tests."""

from __future__ import annotations

import importlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalicelib.domain.access import ROLES

from . import emulator, gateway, persistence, provision, statedir

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


def keep_or_issue_keys(previous: dict[str, str]) -> dict[str, str]:
    """The keys of the last run where the restored data still knows them; a new key only for a
    role that has none (first run, or data emptied by `make reset`)."""
    from chalicelib.services import apikeys
    from chalicelib.services.context import desk

    keys = {}
    for role in ROLES:
        key = previous.get(role, "")
        caller = apikeys.authenticate(desk(), key) if key else None
        if caller is not None and caller.role == role:
            keys[role] = key
            continue
        if key:
            log.warning("the %s key in keys.json is unknown to the stored data: issuing a new one", role)
        keys[role] = apikeys.issue_key(desk(), role, f"local {role}")[0]
    return keys


HELP_CENTRE = Path(__file__).resolve().parent / "help_centre"


def seed_help_centre(folder: Path = HELP_CENTRE) -> int:
    """The sample help centre (English and Spanish), on the first start only: once the knowledge
    base has been touched (imported, edited, emptied by retiring), it is the operator's."""
    from chalicelib.domain.access import Caller
    from chalicelib.services import kb
    from chalicelib.services.context import desk
    from chalicelib.services.kb_schemas import ImportRequest
    from scripts import kb_files

    current = desk()
    if current.store.articles.revision():
        return 0
    request = ImportRequest.model_validate({"articles": [f.request() for f in kb_files.read_folder(folder)]})
    return len(kb.import_articles(current, request, Caller(role="admin", key_id="devstack", label="sample help centre")))


def keep_or_make_webhook_secrets(path: Path) -> dict[str, str]:
    """Each webhook sender's signing secret: the ones of the last run (a sender configured with one
    keeps working across restarts), a new random one for a sender that has none."""
    import secrets as random_secrets

    from chalicelib.domain.webhook_signatures import PROVIDERS

    kept = _read_json(path)
    made = {provider: str(kept.get(provider) or random_secrets.token_urlsafe(32)) for provider in PROVIDERS}
    if made != kept:
        _write_json(path, made)
    return made


def keep_or_make_status_link_secret(path: Path) -> str:
    """The secret that signs customers' status-page links: the last run's (links in mail already
    sent keep working across restarts), a new random one on the first run or after `make reset`."""
    import secrets as random_secrets

    kept = _read_json(path).get("status_link_secret", "")
    if len(kept) >= 16:
        return str(kept)
    made = random_secrets.token_urlsafe(32)
    _write_json(path, {"status_link_secret": made})
    path.chmod(0o600)
    return made


API_BACKLOG = 128  # pending connections the local API accepts (socketserver's default is 5)
STOP_SECONDS = 3.0  # how long stopping the servers may take before the stack gives up on them


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
    agents: list[dict[str, Any]] = field(default_factory=list)
    webhook_secrets: dict[str, str] = field(default_factory=dict)
    restored: dict[str, int] = field(default_factory=dict)
    _stoppers: list[Any] = field(default_factory=list)
    _lock: statedir.StateLock | None = None
    _state: persistence.LocalState | None = None
    _described: bool = False

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    def start(self) -> LocalStack:
        # Before anything in the state directory is touched: one stack per directory, free ports.
        self._lock = statedir.StateLock(self.state_dir).acquire()
        try:
            statedir.check_ports(self.host, {"API": (self.api_port, "PORT"), "SMTP": (self.smtp_port, "SMTP_PORT")})
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        from chalice import local
        from chalice.cli.factory import CLIFactory
        from chalice.local import create_local_server

        import app as application

        (self.state_dir / "stack.json").unlink(missing_ok=True)  # written again once ready
        outbox = self.state_dir / "outbox"  # kept across runs, like the data the mail belongs to
        self.emulator = emulator.Emulator().start()
        emulator.add_outbox(outbox)
        self.webhook_secrets = keep_or_make_webhook_secrets(self.state_dir / "webhook_secrets.json")
        status_secret = keep_or_make_status_link_secret(self.state_dir / "status_link_secret.json")
        env = apply_environment({"SLA_SCALE": self.sla_scale, "PUBLIC_BASE_URL": self.api_url,
                                 "WEBHOOK_SECRETS": json.dumps(self.webhook_secrets),
                                 "STATUS_LINK_SECRET": status_secret})
        provision.provision(env)
        self._state = persistence.LocalState(self.state_dir / "data")
        self.restored = self._state.restore()
        self._state.start_recording()
        if any(self.restored.values()):
            log.info("restored %(items)d items and %(objects)d objects from the last run", self.restored)
        from chalicelib.adapters.repository import DynamoStore

        moved = DynamoStore(env["TABLE_NAME"]).upgrade_layout()
        if moved:
            log.info("moved %d tickets to the table's current key layout", moved)
        register_app_functions(application.app)
        self.keys = keep_or_issue_keys(_read_json(self.state_dir / "keys.json"))
        from .agents import keep_or_make_agents

        self.agents = keep_or_make_agents(self.state_dir / "agents.json")
        if seeded := seed_help_centre():
            log.info("the knowledge base starts with %d sample articles (devstack/help_centre)", seeded)

        gateway.apply_gateway_responses()
        config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev")
        local.ThreadedHTTPServer.request_queue_size = API_BACKLOG
        try:
            server = create_local_server(application.app, config, self.host, self.api_port)
        except OSError as error:  # taken between the check and now
            raise statedir.Busy(f"the API port {self.host}:{self.api_port} is already in use "
                                f"({error.strerror}); stop what uses it, or set PORT to another port") from None
        threading.Thread(target=server.serve_forever, daemon=True, name="api").start()
        self._stoppers.append(server.shutdown)

        from .smtp import start_listener

        try:
            controller = start_listener(self.host, self.smtp_port, env["RAW_MAIL_BUCKET"],
                                        inbound_delivery(dead_letters=self.state_dir / "dead-letters"))
        except OSError as error:
            raise statedir.Busy(f"the SMTP port {self.host}:{self.smtp_port} is already in use "
                                f"({error.strerror}); stop what uses it, or set SMTP_PORT to another port") from None
        self._stoppers.append(controller.stop)
        ticker = Ticker(scheduled_handlers(application.app), self.schedule_seconds)
        ticker.start()
        self._stoppers.append(ticker.stop)
        from .streams import StreamFeeder

        feeder = StreamFeeder(env["TABLE_NAME"], stream_handler(application.app),
                              dead_letters=self.state_dir / "dead-letters")
        feeder.start()
        self._stoppers.append(feeder.stop)
        self._write_state(env, outbox)

    def stop(self, seconds: float = STOP_SECONDS) -> None:
        """Stop the servers (best effort, at most `seconds`), then flush the data to disk and let
        go of the state directory. Whatever is still running after that is abandoned."""
        stoppers = [*reversed(self._stoppers), *([self.emulator.stop] if self.emulator else [])]
        self._stoppers.clear()
        self.emulator = None

        def stop_all() -> None:
            for stop in stoppers:
                try:
                    stop()
                except Exception:  # stopping is best effort
                    log.debug("stopping %s failed", stop, exc_info=True)

        stopping = threading.Thread(target=stop_all, daemon=True, name="stopping")
        stopping.start()
        stopping.join(seconds)
        if stopping.is_alive():
            log.warning("the servers did not stop within %g s; leaving them", seconds)
        self.flush()
        if self._lock:
            # stack.json says where a running stack is: gone with it (a killed one leaves it behind).
            if self._described:
                (self.state_dir / "stack.json").unlink(missing_ok=True)
                self._described = False
            self._lock.release()
            self._lock = None

    def flush(self) -> None:
        """Everything written so far on disk (fsync'd); no more writes are recorded."""
        if self._state:
            self._state.stop_recording()
            self._state = None

    def _write_state(self, env: dict[str, str], outbox: Path) -> None:
        _write_json(self.state_dir / "keys.json", self.keys)
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
            "webhook_secrets": self.webhook_secrets,
            "pid": os.getpid(),
        }
        _write_json(self.state_dir / "stack.json", stack)
        self._described = True


def _read_json(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_json(path: Path, value: dict[str, Any]) -> None:
    """Whole or not at all: readers never see half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(value, indent=2) + "\n")
    os.replace(partial, path)


def stream_handler(app: Any) -> Any:
    """The app's DynamoDB stream consumer (an event source mapping on AWS)."""
    from chalice.app import DynamoDBEventConfig

    [source] = [s for s in app.event_sources if isinstance(s, DynamoDBEventConfig)]
    module_name, _, attribute = source.handler_string.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


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


# SES invokes the inbound Lambda asynchronously: Lambda retries a failed invocation twice, then
# the event goes to the dead-letter queue. Locally the same, sooner.
RETRY_DELAYS = (1.0, 4.0, 15.0)


def inbound_delivery(handler: Any = None, retry_delays: tuple[float, ...] = RETRY_DELAYS,
                     dead_letters: Path | None = None) -> Any:
    """What SES does after its S3 action: invoke the inbound Lambda with a receipt event; a failed
    delivery is tried again in the background, and one that keeps failing is kept as a dead letter
    (the raw message stays in the bucket, so it can be processed again)."""
    if handler is None:
        import app as application

        handler = next(f for f in application.app.pure_lambda_functions if f.name == "inbound_email")

    def attempt(event: dict[str, Any], key: str, tries: int) -> None:
        try:
            handler(event, None)
        except Exception as error:
            if tries < len(retry_delays):
                log.warning("inbound mail %s not processed (%s); trying again in %ss", key, error,
                            retry_delays[tries])
                retry = threading.Timer(retry_delays[tries], attempt, args=(event, key, tries + 1))
                retry.daemon = True
                retry.start()
                return
            log.exception("inbound mail %s not processed after %d tries; kept as a dead letter", key, tries + 1)
            if dead_letters is not None:
                dead_letters.mkdir(parents=True, exist_ok=True)
                _write_json(dead_letters / f"{key.rsplit('/', 1)[-1]}.json",
                            {"event": event, "error": f"{type(error).__name__}: {error}"})

    def deliver(key: str, mail_from: str, recipients: list[str]) -> None:
        attempt(ses_event(key.rsplit("/", 1)[-1], mail_from, recipients), key, 0)

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
