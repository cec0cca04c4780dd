"""Verify the RS256 JSON Web Tokens a Cognito user pool issues, against the pool's JWKS.

Pure Python on purpose: verifying RSASSA-PKCS1-v1_5 needs only modular exponentiation, and a JOSE
library would bring `cryptography` (compiled, several MB) into every Lambda package. The check
builds the whole expected encoded block and compares it byte for byte, never parses the decrypted
signature, so the padding forgeries that bite parsing verifiers do not apply.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

# DER prefix of a SHA-256 DigestInfo (RFC 8017, section 9.2, note 1).
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
_LEEWAY_SECONDS = 30  # clocks of the pool and of the Lambda host may differ a little
MAX_TOKEN_LENGTH = 8192


class InvalidToken(ValueError):
    """The token is not one we accept; the message says why (for logs, never for the caller)."""


def _b64(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (ValueError, TypeError) as error:
        raise InvalidToken("a segment is not base64url") from error


def _json(segment: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64(segment))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidToken("a segment is not JSON") from error
    if not isinstance(value, dict):
        raise InvalidToken("a segment is not a JSON object")
    return value


def looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2 and token.startswith("ey")


def _rsa_verify(message: bytes, signature: bytes, key: dict[str, Any]) -> bool:
    n = int.from_bytes(_b64(str(key.get("n", ""))), "big")
    e = int.from_bytes(_b64(str(key.get("e", ""))), "big")
    size = (n.bit_length() + 7) // 8
    if n.bit_length() < 2048 or e < 3 or len(signature) != size:
        return False
    value = int.from_bytes(signature, "big")
    if value >= n:
        return False
    decrypted = pow(value, e, n).to_bytes(size, "big")
    digest_info = _SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    padding = size - len(digest_info) - 3
    if padding < 8:
        return False
    expected = b"\x00\x01" + b"\xff" * padding + b"\x00" + digest_info
    return hmac.compare_digest(decrypted, expected)


def key_id(token: str) -> str:
    """The `kid` the token names (to find its key, or notice the pool rotated its keys)."""
    if not looks_like_jwt(token) or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("not a JSON Web Token")
    return str(_json(token.split(".")[0]).get("kid", ""))


def verify(token: str, jwks: dict[str, Any], *, issuer: str, audience: str, now: float,
           token_use: str = "id") -> dict[str, Any]:
    """The token's claims when it is signed by a key of `jwks`, issued by `issuer` for the app
    client `audience`, of the given use, and not expired; InvalidToken otherwise."""
    if not looks_like_jwt(token) or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("not a JSON Web Token")
    header_part, claims_part, signature_part = token.split(".")
    header = _json(header_part)
    if header.get("alg") != "RS256":
        raise InvalidToken(f"algorithm {header.get('alg')!r} is not RS256")
    keys = [k for k in jwks.get("keys", []) if isinstance(k, dict) and k.get("kid") == header.get("kid")]
    if not keys or keys[0].get("kty") != "RSA":
        raise InvalidToken(f"no RSA key {header.get('kid')!r} in the pool's key set")
    if not _rsa_verify(f"{header_part}.{claims_part}".encode(), _b64(signature_part), keys[0]):
        raise InvalidToken("bad signature")
    claims = _json(claims_part)
    if claims.get("iss") != issuer:
        raise InvalidToken("issued by another user pool")
    if claims.get("token_use") != token_use:
        raise InvalidToken(f"a {claims.get('token_use')!r} token, not an {token_use!r} token")
    client = claims.get("aud") if token_use == "id" else claims.get("client_id")
    if client != audience:
        raise InvalidToken("issued to another app client")
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + _LEEWAY_SECONDS < now:
        raise InvalidToken("expired")
    issued = claims.get("iat")
    if isinstance(issued, int | float) and issued - _LEEWAY_SECONDS > now:
        raise InvalidToken("issued in the future")
    return claims
