"""A tiny browser over chalice.test.Client for the console's functional tests: keeps cookies,
reads hidden form fields (the CSRF token) from the page, posts forms as a browser does."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import urlencode, urlsplit

FORM = "application/x-www-form-urlencoded"


class ConsoleBrowser:
    def __init__(self, client: Any, host: str = "127.0.0.1:8000") -> None:
        self.client = client
        self.host = host
        self.cookies: dict[str, str] = {}
        self.page = ""
        self.last: Any = None

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Host": self.host, **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response: Any) -> None:
        raw = response.headers.get("Set-Cookie") or response.headers.get("set-cookie") or []
        for cookie in [raw] if isinstance(raw, str) else raw:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        self.last = response

    def get(self, path: str, follow: bool = True) -> Any:
        response = self.client.http.get(path, headers=self._headers())
        self._keep(response)
        if follow and response.status_code in (302, 303):
            return self.get(self.local(response.headers["Location"]))
        self.page = response.body.decode("utf-8", "replace") if isinstance(response.body, bytes) else response.body
        return response

    def post(self, path: str, fields: dict[str, str], follow: bool = True,
             headers: dict[str, str] | None = None) -> Any:
        sent = self._headers({"Content-Type": FORM, "Origin": f"http://{self.host}", **(headers or {})})
        response = self.client.http.post(path, headers=sent, body=urlencode(fields).encode())
        self._keep(response)
        if follow and response.status_code in (302, 303):
            return self.get(self.local(response.headers["Location"]))
        self.page = response.body.decode("utf-8", "replace") if isinstance(response.body, bytes) else response.body
        return response

    @staticmethod
    def local(location: str) -> str:
        parts = urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def field(self, name: str) -> str:
        found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.page)
        assert found, f"no field {name} on the page"
        return unescape(found.group(1))

    @property
    def csrf(self) -> str:
        return self.field("csrf")

    def submit(self, action: str, fields: dict[str, str], follow: bool = True) -> Any:
        """Post a form of the current page: its CSRF token and the fields given."""
        return self.post(action, {"csrf": self.csrf, **fields}, follow)

    def sign_in(self, email: str, password: str) -> Any:
        self.get("/console")
        return self.submit("/console/sign-in", {"email": email, "password": password, "next": self.field("next")})

    def flash(self) -> str:
        found = re.search(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', self.page, re.S)
        return unescape(found.group(1)) if found else ""
