"""Narrow patches of moto's Step Functions interpreter for a local stack that runs for days with
one waiting SLA timer per open ticket.

- A program without `TimeoutSeconds` runs in its execution's thread; moto starts a second
  thread per execution only to join it with that timeout (two threads per waiting ticket).
- The Lambda task reuses one boto3 client per region; moto builds a new client (models,
  endpoint resolution, a connection pool) for every invocation.
- moto remembers every thread it ever started in a module list; finished ones are dropped.
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
        _reuse_lambda_clients()
        _forget_finished_threads()
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


def _reuse_lambda_clients() -> None:
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    original = lambda_eval_utils.boto_client_for
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

    lambda_eval_utils.boto_client_for = boto_client_for  # type: ignore[assignment]


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
