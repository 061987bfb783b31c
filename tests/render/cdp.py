"""Headless Chromium driven over the DevTools protocol on a pipe: a viewport of any width, scripts, screenshots.

No npm package and no network port: Chromium's `--remote-debugging-pipe` reads JSON commands on fd 3 and writes
replies and events on fd 4, each message ended by a NUL byte. Desktop headless Chromium will not make a window
narrower than 500 px, so a phone-sized page needs `Emulation.setDeviceMetricsOverride`, which this gives.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# How Chromium runs here: no sandbox (root), no GPU, and no background connections (the network is closed).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    "--disable-extensions", "--mute-audio",
]


def find_chromium() -> str | None:
    """The Chromium executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    """Chromium answered a command with an error, died, or did not answer in time."""


class Browser:
    """One headless Chromium process with one page; use as a context manager."""

    def __init__(self, executable: str, *, timeout: float = 60) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="assess-chromium-")
        self._log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty Chromium cannot block on it
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds() -> None:  # in the child: fd 3 = commands in, fd 4 = replies out
            os.dup2(to_child_r, 1003)  # first clear of 3 and 4, which the pipes may happen to occupy
            os.dup2(from_child_w, 1004)
            os.dup2(1003, 3)
            os.dup2(1004, 4)
            os.close(1003)
            os.close(1004)

        # pass_fds keeps 3 and 4 open: subprocess closes other descriptors after wire_fds has run.
        self._proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
            preexec_fn=wire_fds, pass_fds=(3, 4),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        self.session: str | None = None

    # -- the protocol -------------------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 16)
                if not chunk:
                    raise CDPError("Chromium closed the DevTools pipe: " + self._stderr_tail())
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        """Send one command and wait for its reply (events that arrive meanwhile are kept for `wait_for`)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, event: str) -> dict:
        """Wait for the next event named `event` (one already received counts)."""
        for index, seen in enumerate(self._events):
            if seen["method"] == event:
                return self._events.pop(index)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._read_message(deadline)
            if message.get("method") == event:
                return message
            if "method" in message:
                self._events.append(message)

    def _stderr_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-1500:]

    # -- a page ---------------------------------------------------------------------------------------------
    def open(self, url: str, *, width: int, height: int = 900, mobile: bool = False, scale: float = 1) -> None:
        """Load `url` in a fresh page whose viewport is `width` x `height` CSS pixels; return after `load`."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile,
        })
        self._events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (promises awaited), as JSON."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CDPError("page script failed: " + str(details.get("exception", {}).get("description") or details.get("text")))
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        """Uncaught exceptions and console errors seen so far (needs Runtime.enable, done by `open`)."""
        found = []
        for event in self._events:
            if event["method"] == "Runtime.exceptionThrown":
                found.append(event["params"]["exceptionDetails"].get("text", "exception"))
            elif event["method"] == "Runtime.consoleAPICalled" and event["params"].get("type") == "error":
                found.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in event["params"]["args"]))
        return found

    def screenshot(self, path: Path, *, full_page: bool = False) -> None:
        """The viewport (or the whole page) as PNG."""
        params: dict = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.send("Page.captureScreenshot", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    # -- lifetime -------------------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            self.send("Browser.close", session=False)
        except CDPError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
