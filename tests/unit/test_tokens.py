"""The pure RS256 check of user-pool tokens, against keys made here (joserfc signs, as Cognito would)."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from chalicelib.domain.tokens import InvalidToken, verify

ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool"
NOW = time.time()


@pytest.fixture(scope="module")
def key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "k1"})


def token(key: RSAKey, **claims) -> str:
    values = {"iss": ISSUER, "aud": "client", "token_use": "id", "exp": int(NOW) + 600, "iat": int(NOW),
              "email": "ana@store.example", **claims}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, values, key)


def jwks(key: RSAKey) -> dict:
    return {"keys": [key.as_dict(private=False)]}


def test_a_token_signed_by_the_pool_for_our_client_gives_its_claims(key):
    claims = verify(token(key), jwks(key), issuer=ISSUER, audience="client", now=NOW)
    assert claims["email"] == "ana@store.example"


@pytest.mark.parametrize(("claims", "why"), [
    ({"iss": "https://cognito-idp.eu-west-1.amazonaws.com/other"}, "another user pool"),
    ({"aud": "someone-else"}, "another app client"),
    ({"token_use": "access"}, "not an 'id' token"),
    ({"exp": int(NOW) - 3600}, "expired"),
    ({"iat": int(NOW) + 3600}, "in the future"),
])
def test_a_token_for_someone_else_or_out_of_time_is_refused(key, claims, why):
    with pytest.raises(InvalidToken, match=why):
        verify(token(key, **claims), jwks(key), issuer=ISSUER, audience="client", now=NOW)


def test_a_token_signed_by_another_key_or_altered_is_refused(key):
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(InvalidToken, match="bad signature"):
        verify(token(stranger), jwks(key), issuer=ISSUER, audience="client", now=NOW)
    header, claims, signature = token(key).split(".")
    with pytest.raises(InvalidToken, match="bad signature"):
        verify(f"{header}.{claims}x.{signature}", jwks(key), issuer=ISSUER, audience="client", now=NOW)
    with pytest.raises(InvalidToken, match="no RSA key"):
        verify(token(key), {"keys": []}, issuer=ISSUER, audience="client", now=NOW)


@pytest.mark.parametrize("raw", ["", "abc", "eyJ.eyJ", "eyJhbGciOiJub25lIn0.e30.", "ey" + "a" * 9000 + ".b.c"])
def test_garbage_is_refused_without_an_exception_of_another_kind(raw):
    with pytest.raises(InvalidToken):
        verify(raw, {"keys": []}, issuer=ISSUER, audience="client", now=NOW)
