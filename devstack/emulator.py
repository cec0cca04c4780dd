"""moto in this process, configured so Step Functions executes real ASL and Lambda tasks run
the Chalice handlers in-process."""

from __future__ import annotations

import json
import os
import socket
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import dynamodb, stepfunctions

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}
MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}

_lambda_handlers: dict[str, Callable[[dict[str, Any], Any], Any]] = {}
_outbox_dirs: list[Path] = []
_patched = False
_patch_lock = threading.Lock()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Emulator:
    """A ThreadedMotoServer on loopback with the desk's configuration applied."""

    def __init__(self, port: int | None = None) -> None:
        from moto.server import ThreadedMotoServer

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> Emulator:
        os.environ.update(FAKE_CREDENTIALS)
        os.environ["AWS_ENDPOINT_URL"] = self.url
        # moto's state machine interpreter calls AWS at localhost:$MOTO_PORT.
        os.environ["MOTO_PORT"] = str(self.port)
        self._server.start()
        self.configure()
        install_patches()
        return self

    def configure(self) -> None:
        self._post("/moto-api/config", MOTO_CONFIG)

    def reset(self) -> None:
        self._post("/moto-api/reset", None)
        self.configure()

    def stop(self) -> None:
        self._server.stop()

    def _post(self, path: str, body: Any) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        request = urllib.request.Request(self.url + path, data=data, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()


def register_lambda(name: str, handler: Callable[[dict[str, Any], Any], Any]) -> None:
    _lambda_handlers[name] = handler


def add_outbox(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    if directory not in _outbox_dirs:
        _outbox_dirs.append(directory)


def install_patches() -> None:
    """Lambda invocations run our handler; every mail SES accepts lands in the outbox (and only
    there: moto would keep every message in memory); DynamoDB writes are serialised, transactions
    roll back only what they touched (devstack/dynamodb.py); a waiting SLA timer costs one thread
    (devstack/stepfunctions.py); moto does not keep a reference to every model object it ever made."""
    global _patched
    with _patch_lock:
        if _patched:
            return
        _forget_model_instances()
        _patch_lambda()
        _patch_ses()
        dynamodb.install()
        stepfunctions.install()
        _patched = True


# Models whose instances moto must find again: S3 closes the files of its keys when reset.
_TRACKED_MODELS = frozenset({"FakeKey", "FakeMultipart"})


def _forget_model_instances() -> None:
    """moto appends every model object it creates to a list on its class, for its own reset
    endpoint, and never removes it: every stream record of the table, with the old and new image
    of the item written, stayed in memory after the stream had trimmed it (about half of the
    local stack's memory per ticket)."""
    from moto.core.common_models import BaseModel

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        instance = object.__new__(cls)
        if cls.__name__ in _TRACKED_MODELS:
            cls.instances_tracked.append(instance)  # type: ignore[attr-defined]
        return instance

    BaseModel.__new__ = staticmethod(new)  # type: ignore[method-assign, assignment]


def _patch_lambda() -> None:
    from moto.awslambda_simple.models import LambdaSimpleBackend

    def invoke(self: Any, function_name: str, qualifier: Any, body: Any, headers: Any,
               response_headers: Any) -> bytes:
        name = function_name.rsplit(":", 1)[-1] if function_name.startswith("arn:") else function_name
        handler = next((h for key, h in _lambda_handlers.items() if name.endswith(key)), None)
        if handler is None:
            raise RuntimeError(f"no in-process handler registered for Lambda {name}")
        event = json.loads(body) if body else {}
        try:
            result = handler(event, None)
        except Exception as error:  # the state machine sees a failed task, as on AWS
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": type(error).__name__, "errorMessage": str(error)}).encode()
        return json.dumps(result).encode()

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign]


SES_MESSAGES_KEPT = 100


def _patch_ses() -> None:
    from moto.ses.models import SESBackend

    original = SESBackend.send_raw_email

    def send_raw_email(self: Any, source: str, destinations: list[str], raw_data: str) -> Any:
        message = original(self, source, destinations, raw_data)
        for directory in list(_outbox_dirs):
            path = directory / f"{message.id}.eml"
            path.write_bytes(raw_data.encode("utf-8", "surrogateescape"))
        # The outbox has every message; moto's own list would grow by one per mail for ever.
        del self.sent_messages[:-SES_MESSAGES_KEPT]
        return message

    SESBackend.send_raw_email = send_raw_email  # type: ignore[method-assign]
