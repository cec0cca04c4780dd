"""Structured JSON logs for the Lambda entry points (Powertools), one line per outcome."""

from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger(service="resolution-center")
