"""Agents' credentials in a Cognito user pool: sign-in, accounts, groups, and the pool's public
keys (JWKS) that verify its tokens, fetched once per container and again only when a token names
a key we have not seen (the pool rotated its keys)."""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
import urllib.request
from typing import Any

from botocore.exceptions import ClientError

from ..errors import Conflict, DeskError, Unauthorized, Unprocessable, UpstreamError
from . import aws

_JWKS_REFRESH_SECONDS = 300.0  # at most one fetch per container this often for an unknown key
_jwks_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_lock = threading.Lock()


class NotConfigured(DeskError):
    status = 503
    code = "agents_not_configured"


class CognitoAccounts:
    """One user pool and its app client (no secret; USER_PASSWORD_AUTH over TLS)."""

    def __init__(self, pool_id: str, client_id: str, region: str) -> None:
        self.pool_id = pool_id
        self.client_id = client_id
        self.region = region

    @property
    def configured(self) -> bool:
        return bool(self.pool_id and self.client_id)

    def _client(self) -> Any:
        if not self.configured:
            raise NotConfigured("agent sign-in is not set up: COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are empty")
        return aws.client("cognito-idp", self.region)

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"

    def sign_in(self, email: str, password: str) -> tuple[str, int]:
        """(ID token, seconds it lasts); Unauthorized for a wrong address or password or a disabled user."""
        try:
            response = self._client().initiate_auth(
                ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password})
        except ClientError as error:
            code = aws.error_code(error)
            if code in {"NotAuthorizedException", "UserNotFoundException", "PasswordResetRequiredException",
                        "UserNotConfirmedException"}:
                raise Unauthorized("wrong email or password", code="sign_in_failed") from None
            if code == "TooManyRequestsException":
                raise UpstreamError("too many sign-in attempts; wait a moment") from None
            raise UpstreamError(f"sign-in failed ({code}); retry") from error
        result = response.get("AuthenticationResult")
        if not result:  # a challenge: a new password is required (an account made with a temporary one)
            raise Unauthorized(f"this account must finish the {response.get('ChallengeName', 'sign-in')} "
                               "challenge first", code="sign_in_challenge")
        return str(result["IdToken"]), int(result.get("ExpiresIn", 3600))

    def create(self, email: str, name: str, group: str, password: str | None) -> str:
        """Create the user in `group`; the password, or a generated one returned for the operator."""
        client = self._client()
        chosen = password or _generated_password()
        try:
            client.admin_create_user(
                UserPoolId=self.pool_id, Username=email, MessageAction="SUPPRESS",
                UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                                {"Name": "name", "Value": name}])
        except ClientError as error:
            if aws.error_code(error) != "UsernameExistsException":
                raise _wrapped(error) from error
        try:
            client.admin_set_user_password(UserPoolId=self.pool_id, Username=email, Password=chosen, Permanent=True)
        except ClientError as error:
            if aws.error_code(error) == "InvalidPasswordException":
                raise Unprocessable(f"the password does not meet the pool's policy: {error}", code="weak_password") \
                    from None
            raise _wrapped(error) from error
        self.set_group(email, group)
        return chosen

    def set_group(self, email: str, group: str) -> None:
        client = self._client()
        try:
            current = client.admin_list_groups_for_user(UserPoolId=self.pool_id, Username=email)["Groups"]
            for old in current:
                if old["GroupName"] != group:
                    client.admin_remove_user_from_group(UserPoolId=self.pool_id, Username=email,
                                                        GroupName=old["GroupName"])
            client.admin_add_user_to_group(UserPoolId=self.pool_id, Username=email, GroupName=group)
        except ClientError as error:
            raise _wrapped(error) from error

    def set_enabled(self, email: str, enabled: bool) -> None:
        """Disable (and sign out everywhere: refresh tokens stop working) or enable again."""
        client = self._client()
        try:
            if enabled:
                client.admin_enable_user(UserPoolId=self.pool_id, Username=email)
            else:
                client.admin_disable_user(UserPoolId=self.pool_id, Username=email)
                client.admin_user_global_sign_out(UserPoolId=self.pool_id, Username=email)
        except ClientError as error:
            raise _wrapped(error) from error

    def jwks(self, refresh: bool = False) -> dict[str, Any]:
        """The pool's public keys, cached per container; `refresh` fetches again at most every few
        minutes (a token signed with an unknown key must not make every request fetch)."""
        url = self._jwks_url()
        now = time.monotonic()
        cached = _jwks_cache.get(url)
        if cached and (not refresh or now - cached[0] < _JWKS_REFRESH_SECONDS):
            return cached[1]
        with _jwks_lock:
            cached = _jwks_cache.get(url)
            if cached and (not refresh or now - cached[0] < _JWKS_REFRESH_SECONDS):
                return cached[1]
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    keys = json.loads(response.read())
            except (OSError, ValueError) as error:
                if cached:
                    return cached[1]
                raise UpstreamError(f"could not read the user pool's keys: {error}") from error
            _jwks_cache[url] = (now, keys)
            return dict(keys)

    def _jwks_url(self) -> str:
        if not self.configured:
            raise NotConfigured("agent sign-in is not set up: COGNITO_USER_POOL_ID is empty")
        # The local emulator serves the same path as Cognito (AWS_ENDPOINT_URL is never set on Lambda).
        base = os.environ.get("AWS_ENDPOINT_URL") or f"https://cognito-idp.{self.region}.amazonaws.com"
        return f"{base.rstrip('/')}/{self.pool_id}/.well-known/jwks.json"


def _generated_password() -> str:
    # Meets Cognito's default policy: upper, lower, digit and symbol, long.
    return f"{secrets.token_urlsafe(18)}Aa1!"


def _wrapped(error: ClientError) -> DeskError:
    code = aws.error_code(error)
    if code == "InvalidParameterException":  # e.g. a name the pool will not store
        message = error.response.get("Error", {}).get("Message", "")
        return Unprocessable(f"the user pool refused this agent: {message}", code="invalid_agent")
    if code == "UserNotFoundException":
        return Conflict("the agent has no account in the user pool", code="agent_account_missing")
    return UpstreamError(f"the user pool refused ({code}); retry")
