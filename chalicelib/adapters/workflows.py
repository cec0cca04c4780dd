"""Step Functions: one SLA timer execution per ticket, named after it so it starts once."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..errors import UpstreamError
from . import aws


class Workflows:
    def __init__(self, state_machine_arn: str, stepfunctions: Any | None = None) -> None:
        self.state_machine_arn = state_machine_arn
        self._client = stepfunctions

    @property
    def client(self) -> Any:
        return self._client or aws.client("stepfunctions")

    def start_timer(self, execution_name: str, payload: dict[str, Any]) -> bool:
        """Start the ticket's timer; False when one with that name already exists."""
        try:
            self.client.start_execution(
                stateMachineArn=self.state_machine_arn,
                name=execution_name,
                input=json.dumps(payload),
            )
        except ClientError as error:
            if aws.error_code(error) == "ExecutionAlreadyExists":
                return False
            raise UpstreamError(f"could not start the SLA timer: {aws.error_code(error)}") from error
        except BotoCoreError as error:
            raise UpstreamError(f"could not start the SLA timer: {error}") from error
        return True

    def stop_timer(self, execution_name: str) -> bool:
        """Stop the named timer; False when it had already ended or never started (nothing to do)."""
        try:
            self.client.stop_execution(executionArn=self._execution_arn(execution_name),
                                       cause="the ticket no longer needs this timer")
        except ClientError as error:
            if aws.error_code(error) in {"ExecutionDoesNotExist", "ResourceNotFound"}:
                return False
            raise UpstreamError(f"could not stop the SLA timer: {aws.error_code(error)}") from error
        except BotoCoreError as error:
            raise UpstreamError(f"could not stop the SLA timer: {error}") from error
        return True

    def _execution_arn(self, execution_name: str) -> str:
        return self.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{execution_name}"

    def timer_status(self, execution_name: str) -> str | None:
        """RUNNING, SUCCEEDED, FAILED, … or None when the ticket never had a timer."""
        arn = self._execution_arn(execution_name)
        try:
            response = self.client.describe_execution(executionArn=arn)
        except ClientError as error:
            if aws.error_code(error) in {"ExecutionDoesNotExist", "ResourceNotFound"}:
                return None
            raise UpstreamError(f"could not read the SLA timer: {aws.error_code(error)}") from error
        except BotoCoreError as error:  # unreachable or timed out: the sweeper cannot tell, like any failure
            raise UpstreamError(f"could not read the SLA timer: {error}") from error
        return str(response["status"])
