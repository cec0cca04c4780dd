"""Settings read lazily from the environment.

Nothing is read at import time: the Chalice test client swaps `os.environ` per call, and a
Lambda container may be reused across configuration changes. Parsing is cached per distinct
environment so the hot path pays for it once.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from .domain.status_links import derived_secret

_PREFIXES = ("DESK_", "AWS_REGION", "AWS_DEFAULT_REGION")
_NAMES = {
    "TABLE_NAME": "table_name",
    "RAW_MAIL_BUCKET": "raw_mail_bucket",
    "ATTACHMENTS_BUCKET": "attachments_bucket",
    "STATE_MACHINE_ARN": "state_machine_arn",
    "EVENT_BUS_NAME": "event_bus_name",
    "SUPPORT_ADDRESS": "support_address",
    "SUPPORT_NAME": "support_name",
    "REPLY_SIGNING_SECRET": "reply_signing_secret",
    "STATUS_LINK_SECRET": "status_link_secret",
    "STATUS_LINK_DAYS": "status_link_days",
    "SLA_POLICY": "sla_policy",
    "SLA_SCALE": "sla_scale",
    "SES_CONFIGURATION_SET": "ses_configuration_set",
    "ACK_LIMIT_PER_HOUR": "ack_limit_per_hour",
    "STORE_NAME": "store_name",
    "TIER_ADDRESSES": "tier_addresses",
    "REMEDY_POLICY": "remedy_policy",
    "STORE_TIMEZONE": "store_timezone",
    "SWEEP_BUDGET_SECONDS": "sweep_budget_seconds",
    "PUBLIC_BASE_URL": "public_base_url",
    "WEBHOOK_SECRETS": "webhook_secrets",
    "DELAY_POLICY": "delay_policy",
    "COGNITO_USER_POOL_ID": "cognito_user_pool_id",
    "COGNITO_CLIENT_ID": "cognito_client_id",
    "SURVEY_EXPIRY_DAYS": "survey_expiry_days",
    "SURVEY_PERIOD_DAYS": "survey_period_days",
    "QUALITY_ADDRESS": "quality_address",
    "DEFECT_ALERT_THRESHOLD": "defect_alert_threshold",
    "DEFECT_WINDOW_DAYS": "defect_window_days",
    "SPIKE_FACTOR": "spike_factor",
    "SPIKE_MIN_COUNT": "spike_min_count",
    "SPIKE_TRAILING_DAYS": "spike_trailing_days",
}


class Settings(BaseModel):
    table_name: str = "resolution-center"
    raw_mail_bucket: str = "resolution-center-mail"
    attachments_bucket: str = "resolution-center-mail"
    state_machine_arn: str = ""
    event_bus_name: str = "resolution-center"
    support_address: str = "support@example.com"
    support_name: str = "Customer Support"
    store_name: str = "Our store"
    reply_signing_secret: str = Field(default="local-development-secret", min_length=16)
    # Signs the customer's status-page links (a NoEcho stack parameter on AWS, kept in the state
    # directory locally); "" derives a key of its own from the reply signing secret.
    status_link_secret: str = Field(default="", repr=False)
    status_link_days: float = Field(default=90, gt=0)  # a link in a mail works this long at most
    sla_policy: dict[str, Any] = Field(default_factory=dict)
    sla_scale: float = Field(default=1.0, gt=0)
    ses_configuration_set: str = ""
    ack_limit_per_hour: int = Field(default=5, ge=0)
    region: str = "us-east-1"
    tier_addresses: str = "{}"  # JSON {"1": "frontline@…", "2": …, "3": …}
    remedy_policy: dict[str, Any] = Field(default_factory=dict)
    store_timezone: str = "UTC"  # what customers and agents read times in; the SLA calendar's default
    sweep_budget_seconds: float = Field(default=20.0, gt=0)  # a sweeper run's work, within its timeout
    public_base_url: str = ""  # where customers reach the API (help centre links in mail); "" leaves them out
    webhook_secrets: dict[str, str] = Field(default_factory=dict)  # {"shopify": …, "easypost": …, …}
    delay_policy: dict[str, Any] = Field(default_factory=dict)  # see domain.shipping.DelayPolicy
    cognito_user_pool_id: str = ""  # where agents sign in; "" leaves only API keys
    cognito_client_id: str = ""  # the pool's app client for the API (no secret)
    # Feedback: how long a survey stays open (its link points at `public_base_url`), at most one
    # survey per customer per period, and the recurring-problem alerts.
    survey_expiry_days: float = Field(default=14, gt=0)
    survey_period_days: float = Field(default=30, ge=0)
    quality_address: str = ""  # default: quality@<support domain>
    defect_alert_threshold: int = Field(default=3, ge=2)
    defect_window_days: float = Field(default=7, gt=0)
    spike_factor: float = Field(default=3.0, ge=1)
    spike_min_count: int = Field(default=5, ge=1)
    spike_trailing_days: int = Field(default=7, ge=1, le=60)

    @field_validator("status_link_secret")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < 16:
            raise ValueError("STATUS_LINK_SECRET must be at least 16 characters (or unset)")
        return value

    @property
    def support_domain(self) -> str:
        return self.support_address.rsplit("@", 1)[-1]

    @property
    def status_secret(self) -> str:
        if self.status_link_secret:
            return self.status_link_secret
        return derived_secret(self.reply_signing_secret)

    @property
    def quality_mailbox(self) -> str:
        return self.quality_address or f"quality@{self.support_domain}"


class ConfigurationError(RuntimeError):
    """The deployment is misconfigured: fail loudly rather than run with wrong settings."""


def _relevant_environment() -> tuple[tuple[str, str], ...]:
    keys = set(_NAMES) | {k for k in os.environ if k.startswith(_PREFIXES)}
    return tuple(sorted((k, os.environ[k]) for k in keys if k in os.environ))


@lru_cache(maxsize=8)
def _parse(environment: tuple[tuple[str, str], ...]) -> Settings:
    env = dict(environment)
    values: dict[str, Any] = {field: env[name] for name, field in _NAMES.items() if name in env}
    values["region"] = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
    for name, field in (("SLA_POLICY", "sla_policy"), ("REMEDY_POLICY", "remedy_policy"),
                        ("WEBHOOK_SECRETS", "webhook_secrets"), ("DELAY_POLICY", "delay_policy")):
        if field in values:
            try:
                values[field] = json.loads(values[field] or "{}")
            except json.JSONDecodeError as error:
                raise ConfigurationError(f"{name} is not valid JSON: {error}") from error
    try:
        return Settings(**values)
    except ValidationError as error:
        raise ConfigurationError(f"invalid configuration: {error}") from error


def get_settings() -> Settings:
    return _parse(_relevant_environment())
