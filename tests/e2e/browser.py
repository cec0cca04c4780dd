"""A real headless browser for end-to-end tests: Chromium driven through chromedriver's W3C
WebDriver protocol (plain JSON over HTTP, so no client library to install). The machine needs
Debian's `chromium` and `chromium-driver` (`make browser` installs them)."""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C element reference key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BrowserMissing(RuntimeError):
    pass


class Browser:
    """One headless Chromium session. `language` becomes its Accept-Language."""

    def __init__(self, language: str = "en-US") -> None:
        driver = shutil.which("chromedriver")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not driver or not binary:
            raise BrowserMissing("no chromium/chromedriver on this machine: run `make browser` "
                                 "(apt-get install chromium chromium-driver)")
        self.port = _free_port()
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise
                time.sleep(0.1)
        options = {"binary": binary, "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                               "--disable-dev-shm-usage", f"--lang={language}",
                                               "--window-size=1024,900"],
                   "prefs": {"intl.accept_languages": language}}
        answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options, "goog:loggingPrefs": {"browser": "ALL"}}}})
        self.session = f"/session/{answer['sessionId']}"

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["value"]

    def open(self, url: str) -> None:
        self._call("POST", f"{self.session}/url", {"url": url})

    def find(self, css: str) -> str:
        return str(self._call("POST", f"{self.session}/element", {"using": "css selector", "value": css})[ELEMENT])

    def find_all(self, css: str) -> list[str]:
        found = self._call("POST", f"{self.session}/elements", {"using": "css selector", "value": css})
        return [str(e[ELEMENT]) for e in found]

    def type(self, css: str, text: str) -> None:
        self._call("POST", f"{self.session}/element/{self.find(css)}/value", {"text": text})

    def click(self, css: str) -> None:
        self._call("POST", f"{self.session}/element/{self.find(css)}/click")

    def text(self, css: str = "body") -> str:
        return str(self._call("GET", f"{self.session}/element/{self.find(css)}/text"))

    def texts(self, css: str) -> list[str]:
        return [str(self._call("GET", f"{self.session}/element/{e}/text")) for e in self.find_all(css)]

    def wait_for_text(self, css: str, expected: str, seconds: float = 15) -> str:
        """The text of `css` once it contains `expected` (a click that posts a form returns
        before the next page has loaded)."""
        deadline = time.monotonic() + seconds
        seen = ""
        while time.monotonic() < deadline:
            try:
                seen = self.text(css)
            except urllib.error.HTTPError:  # not on the page (yet)
                seen = ""
            if expected in seen:
                return seen
            time.sleep(0.1)
        raise AssertionError(f"{css!r} never said {expected!r}; last seen {seen[:300]!r} at {self.url}")

    @property
    def title(self) -> str:
        return str(self._call("GET", f"{self.session}/title"))

    @property
    def url(self) -> str:
        return str(self._call("GET", f"{self.session}/url"))

    def console(self) -> list[dict[str, Any]]:
        """What the page logged (CSP violations, failed loads)."""
        return list(self._call("POST", f"{self.session}/se/log", {"type": "browser"}))

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self._call("GET", f"{self.session}/screenshot")))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._call("DELETE", self.session)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
