"""Narrow patches of moto's Step Functions interpreter for a local stack that runs for days with
one waiting SLA timer per open ticket.

- A program without `TimeoutSeconds` runs in its execution's thread; moto starts a second
  thread per execution only to join it with that timeout (two threads per waiting ticket).
- Tasks (Lambda, DynamoDB) reuse one boto3 client per region and service; moto builds a new
  client for every task it runs, and they were not freed (about 35 KB a ticket).
- moto remembers every thread it ever started in a module list; finished ones are dropped.
- An execution waiting longer than PARK_SECONDS for a timestamp (`Timestamp`/`TimestampPath`)
  gives its thread back: it is parked (its environment and history kept, the execution still
  RUNNING) and a single scheduler thread resumes it at that time by entering the Wait state
  again, which then finds the timestamp reached. A ticket's SLA timer waits hours; a thread
  and its stacks per waiting ticket were most of the local stack's memory per ticket. While
  parked, its history is kept pickled and compressed (about 21 KB of dicts become 1 KB), and
  read from there when asked for. Stopping a parked execution (StopExecution: its ticket was
  resolved) resumes it at once, so it ends ABORTED then, not when its wait would have ended.
- A Wait for a timestamp ends at that second, not up to a second before it: moto truncates the
  seconds left, the service never wakes early (an SLA timer woken early finds nothing due and
  sleeps again, three more state transitions than on AWS).
- A definition is parsed once and its program shared by the executions: moto parses it again
  for every execution and each waiting execution holds its own copy (hundreds of objects).
  Only for definitions without Map or Parallel states, whose components keep per-run state;
  every component's heap key is drawn before the program is shared.
"""

from __future__ import annotations

import copy
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
        _park_long_waits()
        _never_wake_early()
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


def _never_wake_early() -> None:
    import datetime
    import math

    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import FailureEventException
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function.timestamp import Timestamp

    def get_wait_seconds(self: Any, env: Any) -> int:
        self.string.eval(env=env)  # as moto does, rounding the seconds left up instead of down
        timestamp_str = env.stack.pop()
        timestamp = self._from_timestamp_string(timestamp=timestamp_str)
        if timestamp is None:
            raise FailureEventException(self._create_failure_event(env, timestamp_str))
        return math.ceil((timestamp - datetime.datetime.now()).total_seconds())

    Timestamp._get_wait_seconds = get_wait_seconds  # type: ignore[method-assign]


PARK_SECONDS = 30.0
_local = threading.local()
_parking = threading.Lock()


class Parked(BaseException):
    """Unwinds an execution's thread at a long Wait; the scheduler resumes it. Not an error, and
    a BaseException so that no `except Exception` on the way turns it into a failed execution."""

    def __init__(self, state_name: str, wake_at: float) -> None:
        super().__init__(state_name)
        self.state_name = state_name
        self.wake_at = wake_at


class Scheduler:
    """One thread that resumes parked executions when their time comes."""

    def __init__(self) -> None:
        import heapq

        self._heap: list[tuple[float, int, Any]] = []
        self._push = heapq.heappush
        self._pop = heapq.heappop
        self._condition = threading.Condition()
        self._count = 0
        self._thread: threading.Thread | None = None

    def __len__(self) -> int:
        return len(self._heap)

    def at(self, when: float, action: Any) -> None:
        with self._condition:
            self._count += 1
            self._push(self._heap, (when, self._count, action))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="sfn-parked")
                self._thread.start()
            self._condition.notify()

    def _run(self) -> None:
        import time

        while True:
            with self._condition:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    timeout = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._condition.wait(timeout)
                _, _, action = self._pop(self._heap)
            threading.Thread(target=action, daemon=True, name="sfn-resumed").start()


scheduler = Scheduler()


def parkable(definition: str) -> bool:
    """Every Wait state waits for a timestamp and takes its whole input: entering it again
    later with the same input waits for the same moment."""
    import json

    try:
        states = json.loads(definition).get("States", {})
    except (ValueError, AttributeError):
        return False
    waits = [state for state in states.values() if isinstance(state, dict) and state.get("Type") == "Wait"]
    return all(("Timestamp" in w or "TimestampPath" in w) and w.get("InputPath", "$") == "$" for w in waits)


def _park_long_waits() -> None:
    import functools
    import time

    from moto.stepfunctions.parser.asl.component.eval_component import EvalComponent
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function.timestamp import Timestamp
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction
    from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker

    original_wait = WaitFunction._wait_interval

    def wait_interval(self: Any, env: Any, wait_seconds: int) -> None:
        if getattr(_local, "parkable", False) and isinstance(self, Timestamp) and wait_seconds > PARK_SECONDS:
            raise Parked(env.next_state_name, time.monotonic() + wait_seconds)
        original_wait(self, env, wait_seconds)

    WaitFunction._wait_interval = wait_interval  # type: ignore[method-assign]
    original_logic = ExecutionWorker._execution_logic

    def execution_logic(self: Any) -> None:
        definition = self._evaluation_details.state_machine_details.definition
        if not parkable(definition):
            original_logic(self)
            return
        # moto's own start, up to evaluating the program: its environment and first event.
        from moto.stepfunctions.parser.api import (
            ExecutionStartedEventDetails,
            HistoryEventExecutionDataDetails,
            HistoryEventType,
        )
        from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
        from moto.stepfunctions.parser.asl.utils.encoding import to_json_str

        program = self._get_evaluation_entrypoint()
        self.env = self._get_evaluation_environment()
        details = self._evaluation_details
        self.env.event_manager.add_event(
            context=self.env.event_history_context,
            event_type=HistoryEventType.ExecutionStarted,
            event_details=EventDetails(executionStartedEventDetails=ExecutionStartedEventDetails(
                input=to_json_str(details.execution_details.inpt),
                inputDetails=HistoryEventExecutionDataDetails(truncated=False),
                roleArn=details.aws_execution_details.role_arn)),
            update_source_event_id=False,
        )
        self.env.next_state_name = program.start_at.start_at_name
        run(self, program)

    def run(worker: Any, program: Any) -> None:
        _local.parkable = True
        try:
            EvalComponent.eval(program, worker.env)
        except Parked as parked:
            worker.env.stack.clear()  # emptied on resume anyway: nothing to keep while parked
            worker.env.heap.clear()
            freeze_history(worker.env.event_manager)
            token = object()
            with _parking:
                worker._devstack_parked = (token, functools.partial(resume, worker, program, parked.state_name,
                                                                    token))
            scheduler.at(parked.wake_at, worker._devstack_parked[1])
            return
        finally:
            _local.parkable = False
        worker._execution_communication.terminated()

    def resume(worker: Any, program: Any, state_name: str, token: object) -> None:
        with _parking:  # once per parking: on time, or at once when stopped, whichever comes first
            parked = getattr(worker, "_devstack_parked", None)
            if parked is None or parked[0] is not token:
                return
            worker._devstack_parked = None
        env = worker.env
        thaw_history(env.event_manager)
        env.stack.clear()
        env.heap.clear()
        if not env.is_running():  # stopped while parked: runs no state, records that it was aborted
            program._eval_body(env)
            worker._execution_communication.terminated()
            return
        env.next_state_name = state_name
        run(worker, program)

    ExecutionWorker._execution_logic = execution_logic  # type: ignore[method-assign]
    original_stop = ExecutionWorker.stop

    def stop(self: Any, stop_date: Any, error: Any, cause: Any) -> None:
        original_stop(self, stop_date, error, cause)
        parked = getattr(self, "_devstack_parked", None)
        if parked is not None:  # no thread is waiting to notice: end it now (it runs no state)
            scheduler.at(time.monotonic(), parked[1])

    ExecutionWorker.stop = stop  # type: ignore[method-assign]
    _read_frozen_history()


_FROZEN = "_devstack_frozen_history"


def freeze_history(manager: Any) -> None:
    import pickle
    import zlib

    with manager._mutex:
        events = manager._history_event_list
        setattr(manager, _FROZEN, zlib.compress(pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL)))
        manager._history_event_list = []


def _frozen_events(manager: Any) -> list[Any] | None:
    import pickle
    import zlib

    frozen = getattr(manager, _FROZEN, None)
    return None if frozen is None else list(pickle.loads(zlib.decompress(frozen)))


def thaw_history(manager: Any) -> None:
    with manager._mutex:
        events = _frozen_events(manager)
        if events is not None:
            manager._history_event_list = events + manager._history_event_list
            delattr(manager, _FROZEN)


def _read_frozen_history() -> None:
    """The history of a parked execution reads as if it had never been packed away."""
    from moto.stepfunctions.parser.asl.eval.event.event_manager import EventManager

    original_get = EventManager.get_event_history
    original_add = EventManager.add_event

    def get_event_history(self: Any) -> Any:
        with self._mutex:
            events = _frozen_events(self)
            if events is not None:
                return events + copy.deepcopy(self._history_event_list)
        return original_get(self)

    def add_event(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, _FROZEN, None) is not None:  # a stopped execution, say: unpack first
            thaw_history(self)
        return original_add(self, *args, **kwargs)

    EventManager.get_event_history = get_event_history  # type: ignore[method-assign]
    EventManager.add_event = add_event  # type: ignore[method-assign]
