"""Separate what a sender wrote now from the earlier messages and signature they carry along.

The rules are pure text rules shared with triage, so they live in `chalicelib.domain.quoted_text`;
this module keeps the name mail code has always imported.
"""

from __future__ import annotations

from chalicelib.domain.quoted_text import split_reply

__all__ = ["split_reply"]
