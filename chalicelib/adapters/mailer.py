"""Outgoing mail through SES v2. Messages are composed elsewhere; this only sends raw MIME."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..errors import PermanentFailure, UpstreamError
from . import aws

# SES's answers that no retry changes (a throttle or an outage is worth retrying; these are not).
_REFUSED_FOR_GOOD = frozenset({"MessageRejected", "BadRequestException", "InvalidParameterValue",
                               "MailFromDomainNotVerifiedException"})


class Mailer:
    def __init__(self, configuration_set: str = "", sesv2: Any | None = None) -> None:
        self.configuration_set = configuration_set
        self._client = sesv2

    @property
    def client(self) -> Any:
        return self._client or aws.client("sesv2")

    def send_raw(self, sender: str, recipients: list[str], raw: bytes) -> str:
        """Send and return the id SES gives the message (it also becomes its Message-ID)."""
        kwargs: dict[str, Any] = {
            "FromEmailAddress": sender,
            "Destination": {"ToAddresses": recipients},
            "Content": {"Raw": {"Data": raw}},
        }
        if self.configuration_set:
            kwargs["ConfigurationSetName"] = self.configuration_set
        try:
            response = self.client.send_email(**kwargs)
        except ClientError as error:
            if aws.error_code(error) in _REFUSED_FOR_GOOD:
                raise PermanentFailure(f"SES refused the message for good: {aws.error_code(error)}") from error
            raise UpstreamError(f"SES refused the message: {aws.error_code(error)}") from error
        except BotoCoreError as error:  # no connection, a timeout: worth another try later
            raise UpstreamError(f"SES could not be reached: {error}") from error
        return str(response["MessageId"])
