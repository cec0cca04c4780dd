"""Narrow patches of moto's Step Functions interpreter for a local stack that runs for days with
one waiting SLA timer per open ticket.

- A program without `TimeoutSeconds` runs in its execution's thread; moto starts a second
  thread per execution only to join it with that timeout (two threads per waiting ticket).
- Tasks (Lambda, DynamoDB) reuse one boto3 client per region and service; moto builds a new
  client for every task it runs, and they were not freed (about 35 KB a ticket).
- moto remembers every thread it ever started in a module list; finished ones are dropped.
- A definition is parsed once and its program shared by the executions: moto parses it again
  for every execution and each waiting execution holds its own copy (hundreds of objects).
  Only for definitions without Map or Parallel states, whose components keep per-run state;
  every component's heap key is drawn before the program is shared.
"""

from __future__ import annotations

import threading
from typing import Any

_patched = False
_lock = threading.Lock()


def install() -> None:
    global _patched
    with _lock:
        if _patched:
            return
        _run_programs_inline()
        _reuse_clients()
        _forget_finished_threads()
        _parse_each_definition_once()
        _patched = True


def _run_programs_inline() -> None:
    from moto.stepfunctions.parser.asl.component.eval_component import EvalComponent
    from moto.stepfunctions.parser.asl.component.program.program import Program

    original = Program.eval

    def eval_program(self: Any, env: Any) -> None:
        if self.timeout_seconds is not None:
            original(self, env)
            return
        env.next_state_name = self.start_at.start_at_name
        EvalComponent.eval(self, env)

    Program.eval = eval_program  # type: ignore[method-assign]


def _reuse_clients() -> None:
    import importlib
    import sys

    from moto.stepfunctions.parser.asl.utils import boto_client

    original = boto_client.boto_client_for
    clients: dict[tuple[str, str], Any] = {}
    clients_lock = threading.Lock()

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        if state_credentials is not None:
            return original(region, service, state_credentials)
        with clients_lock:
            client = clients.get((region, service))
            if client is None:
                client = clients[(region, service)] = original(region, service)
            return client

    for name in ("state_task.lambda_eval_utils", "state_task.service.state_task_service_dynamodb"):
        importlib.import_module(f"moto.stepfunctions.parser.asl.component.state.exec.{name}")
    boto_client.boto_client_for = boto_client_for  # type: ignore[assignment]
    for name, module in list(sys.modules.items()):
        if name.startswith("moto.stepfunctions.parser") and getattr(module, "boto_client_for", None) is original:
            module.boto_client_for = boto_client_for


def _forget_finished_threads() -> None:
    from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker
    from moto.stepfunctions.parser.utils import TMP_THREADS

    original = ExecutionWorker.start
    limit = [1_000]

    def start(self: Any) -> None:
        if len(TMP_THREADS) > limit[0]:  # amortised: the list at most doubles between prunings
            TMP_THREADS[:] = [thread for thread in TMP_THREADS if thread.is_alive()]
            limit[0] = max(1_000, 2 * len(TMP_THREADS))
        original(self)

    ExecutionWorker.start = start  # type: ignore[method-assign]


def _parse_each_definition_once() -> None:
    from moto.stepfunctions.parser.asl.component.component import Component
    from moto.stepfunctions.parser.asl.component.eval_component import EvalComponent
    from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker

    original = ExecutionWorker._get_evaluation_entrypoint
    programs: dict[str, Any] = {}
    programs_lock = threading.Lock()

    def draw_heap_keys(value: Any, seen: set[int]) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, EvalComponent):
            _ = value.heap_key  # drawn lazily otherwise: two executions could draw two keys
        if isinstance(value, Component):
            for attribute in vars(value).values():
                draw_heap_keys(attribute, seen)
        elif isinstance(value, list | tuple | set):
            for item in value:
                draw_heap_keys(item, seen)
        elif isinstance(value, dict):
            for item in value.values():
                draw_heap_keys(item, seen)

    def entrypoint(self: Any) -> Any:
        definition = self._evaluation_details.state_machine_details.definition
        if not _shareable(definition):
            return original(self)
        with programs_lock:
            program = programs.get(definition)
            if program is None:
                program = original(self)
                draw_heap_keys(program, set())
                programs[definition] = program
            return program

    ExecutionWorker._get_evaluation_entrypoint = entrypoint  # type: ignore[method-assign]


def _shareable(definition: str) -> bool:
    import json

    try:
        states = json.loads(definition).get("States", {})
    except (ValueError, AttributeError):
        return False
    return all(isinstance(state, dict) and state.get("Type") not in {"Map", "Parallel"} for state in states.values())
