"""Layer 0: a headless Chromium driven through the DevTools protocol over ``--remote-debugging-pipe``
(fds 3 and 4, NUL-ended messages: no port, no extra package; the browser ends when its pipe closes),
network off, to print report pages as A4 PDFs — one with :func:`print_to_pdf`, many with one browser
through :class:`Printer` — and to look at them in tests (:class:`Chromium`, :class:`Tab`)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

ENV_VAR = "EVALKIT_CHROMIUM"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NOT_FOUND = "未找到 Chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-default-browser-check",
         "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
         "--remote-debugging-pipe")
A4_INCHES = (8.27, 11.69)
# a page is ready once loaded, its fonts are in and its images are decoded
READY = ("document.fonts.ready.then(() => Promise.all([...document.images].map("
         "i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })))).then(() => true)")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


class BrowserError(Exception):
    """Chromium is missing, would not start, died, or could not open or print a page (message in Chinese)."""


def find_chromium() -> str | None:
    """The Chromium to use: ``$EVALKIT_CHROMIUM`` when set (it must be executable), else Debian's
    ``/usr/bin/chromium``, ``chromium-browser``, ``google-chrome``, else the first on ``PATH``; None if none."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        found = shutil.which(chosen)
        return str(Path(found).resolve()) if found else None
    for candidate in CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return next((p for name in ON_PATH if (p := shutil.which(name))), None)


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF written by Chromium has (its page objects, counted).

    >>> pdf_pages(b"1 0 obj <</Type /Pages /Count 2>> 2 0 obj <</Type /Page>> 3 0 obj <</Type/Page >>")
    2
    """
    return len(_PAGE.findall(data))


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        Path(tmp).write_bytes(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Tab:
    """One page open in the browser: a DevTools session (its events: ``browser.events(session)``)."""

    browser: Chromium
    target: str
    session: str
    navigation: dict = field(default_factory=dict)

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        """Send a command to this tab and return its result."""
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def navigate(self, url: str, timeout: float = 60) -> None:
        """Load ``url`` in this tab and wait until it is ready (loaded, fonts in, images decoded);
        the events of the page shown before are dropped."""
        self.browser.forget(self.session)
        self.navigation = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if self.navigation.get("errorText"):
            raise BrowserError(f"无法打开 {url}：{self.navigation['errorText']}")
        self.browser.wait_for("Page.loadEventFired", self.session, timeout)
        self.evaluate(READY, timeout)

    def evaluate(self, expression: str, timeout: float = 30):
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        reply = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                               "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in reply:
            raise BrowserError(f"页面脚本出错：{reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def screenshot(self, path: Path, width: int, height: int) -> None:
        """Save the top ``width`` × ``height`` pixels of the page (beyond the window if need be) as PNG."""
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, timeout=60)
        write_file_atomic(path, base64.b64decode(shot["data"]))

    def pdf(self) -> bytes:
        """The page printed as a PDF: A4 unless the page's CSS (``@page { size }``) says otherwise,
        backgrounds printed, no browser header or footer (page numbers come from the page's CSS)."""
        reply = self.send("Page.printToPDF", {
            "paperWidth": A4_INCHES[0], "paperHeight": A4_INCHES[1], "preferCSSPageSize": True,
            "printBackground": True, "displayHeaderFooter": False,
            "marginTop": 0.6, "marginBottom": 0.6, "marginLeft": 0.6, "marginRight": 0.6,
            "generateDocumentOutline": True}, timeout=120)
        return base64.b64decode(reply["data"])

    def close(self) -> None:
        """Close the tab (the browser stays)."""
        try:
            self.browser.send("Target.closeTarget", {"targetId": self.target}, timeout=10)
        finally:
            self.browser.forget(self.session)


class _Closing:
    """Closed at the end of a ``with`` block."""

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Chromium(_Closing):
    """A headless Chromium on a DevTools pipe; thread-safe (each thread drives its own :class:`Tab`).
    ``profile``: its user-data folder (default: a temporary one); ``log``: gets its own output."""

    def __init__(self, executable: str | None = None, *, profile: Path | None = None, log: Path | None = None,
                 start_timeout: float = 30) -> None:
        executable = executable or find_chromium()
        if not executable:
            raise BrowserError(f"{NOT_FOUND}（安装 chromium，或用环境变量 {ENV_VAR} 指明其路径）")
        self._own_profile = profile is None
        self.profile = Path(tempfile.mkdtemp(prefix="evalkit-chromium.")) if profile is None else profile
        self._log = log.open("wb") if log else open(os.devnull, "wb")  # noqa: SIM115 — closed in close()
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self._lock = threading.Condition()
        self._write_lock = threading.Lock()
        self._replies: dict[int, dict] = {}
        self._events: dict[str, list[dict]] = {}
        self._idle_tabs: list[Tab] = []  # tabs print_pdf may load its next page in
        self._next_id = 0
        self._closed = False
        try:
            # bash places the pipe ends at fds 3 and 4, where --remote-debugging-pipe expects them
            # (dash cannot name an fd above 9)
            self.proc = subprocess.Popen(
                [shutil.which("bash") or "/bin/sh", "-c", f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}',
                 executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as exc:
            self._cleanup()
            raise BrowserError(f"无法启动 Chromium {executable}：{exc.strerror or exc}") from None
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        threading.Thread(target=self._read, name="chromium-pipe", daemon=True).start()
        try:
            self.send("Target.getTargets", timeout=start_timeout)
        except BrowserError as exc:
            self.close()
            raise BrowserError(f"Chromium {executable} 启动失败：{exc}") from None

    @property
    def alive(self) -> bool:
        """Whether the browser is still running and its pipe open."""
        return not self._closed and self.proc.poll() is None

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 20):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                with self._lock:
                    for raw in messages:
                        message = json.loads(raw)
                        if "id" in message:
                            self._replies[message["id"]] = message
                        elif "method" in message:
                            self._events.setdefault(message.get("sessionId", ""), []).append(message)
                    self._lock.notify_all()
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        """Send one command and wait for its answer; raise :class:`BrowserError` on an error
        answer, a timeout or a closed browser."""
        with self._lock:
            if self._closed:
                raise BrowserError("Chromium 已退出")
            self._next_id += 1
            number = self._next_id
        message: dict = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            with self._write_lock:
                os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except OSError:
            raise BrowserError("Chromium 已退出") from None
        with self._lock:
            self._await(lambda: number in self._replies, timeout, f"执行 {method}")
            reply = self._replies.pop(number)
        if "error" in reply:
            raise BrowserError(f"{method}：{reply['error'].get('message', reply['error'])}")
        return reply.get("result", {})

    def events(self, session: str = "") -> list[dict]:
        """The events received so far for ``session`` ("": the browser's own)."""
        with self._lock:
            return list(self._events.get(session, []))

    def forget(self, session: str) -> None:
        """Drop the events kept for a closed tab."""
        with self._lock:
            self._events.pop(session, None)

    def wait_for(self, method: str, session: str = "", timeout: float = 30) -> dict:
        """The first event named ``method`` of ``session``, waiting up to ``timeout`` seconds."""
        def found() -> dict | None:
            return next((e for e in self._events.get(session, []) if e["method"] == method), None)

        with self._lock:
            self._await(lambda: found() is not None, timeout, f"等待 {method}")
            return found() or {}

    def _await(self, ready, timeout: float, doing: str) -> None:
        """Wait (holding the lock) until ``ready()``; raise if the browser ends or time runs out."""
        deadline = time.monotonic() + timeout
        while not ready():
            left = deadline - time.monotonic()
            if self._closed:
                raise BrowserError(f"Chromium 在{doing}时退出")
            if left <= 0:
                raise BrowserError(f"Chromium {timeout:g} 秒内没有完成：{doing}")
            self._lock.wait(left)

    def open(self, url: str, *, width: int = 1400, height: int = 900, domains: tuple[str, ...] = (),
             timeout: float = 60) -> Tab:
        """Open ``url`` in a new tab of ``width`` × ``height`` pixels and wait until it is ready
        (loaded, fonts in, images decoded). ``domains`` are DevTools domains to enable before it
        loads (say ``("Network", "Runtime", "Log")`` to see its requests and console)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, target, session)
        try:
            for domain in ("Page", *domains):
                tab.send(f"{domain}.enable")
            tab.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                            "deviceScaleFactor": 1, "mobile": False})
            tab.navigate(url, timeout)
        except BaseException:
            with contextlib.suppress(BrowserError):
                tab.close()
            raise
        return tab

    def print_pdf(self, html: Path, pdf: Path) -> int:
        """Print the page ``html`` to ``pdf`` (A4, see :meth:`Tab.pdf`), written atomically; return its page count."""
        url = Path(html).resolve().as_uri()
        with self._lock:
            tab = self._idle_tabs.pop() if self._idle_tabs else None
        try:
            if tab is None:
                tab = self.open(url)
            else:  # a tab that printed a page before: loading the next one there saves opening a tab
                tab.navigate(url)
            data = tab.pdf()
        except BaseException:
            if tab is not None:
                with contextlib.suppress(BrowserError):
                    tab.close()
            raise
        with self._lock:
            self._idle_tabs.append(tab)
        if not data.startswith(b"%PDF"):
            raise BrowserError(f"Chromium 没有打印出 PDF：{html}")
        write_file_atomic(Path(pdf), data)
        return pdf_pages(data)

    def close(self) -> None:
        """Ask the browser to quit, kill it if it does not, and remove a temporary profile."""
        if self.alive:
            with contextlib.suppress(BrowserError):
                self.send("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):  # its helper processes (zygote, renderers) go with it
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._cleanup()

    def _cleanup(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        with contextlib.suppress(OSError):
            os.close(self._to_browser)
        self._log.close()
        if self._own_profile:
            shutil.rmtree(self.profile, ignore_errors=True)


class Printer(_Closing):
    """Prints page after page with one browser, started on first use and restarted once if it
    died; thread-safe. Use as a context manager or call :meth:`close`."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or find_chromium()
        self.available = self.executable is not None  # False: no Chromium installed
        self._browser: Chromium | None = None
        self._lock = threading.Lock()
        self._failed = ""  # why the browser would not start: not tried again
        self._closed = False

    def _running(self) -> Chromium:
        with self._lock:
            if self._failed:
                raise BrowserError(self._failed)
            if self._closed:
                raise BrowserError("打印已结束")
            if self._browser is None or not self._browser.alive:
                if self._browser is not None:
                    self._browser.close()
                    self._browser = None
                try:
                    self._browser = Chromium(self.executable)
                except BrowserError as exc:
                    self._failed = str(exc)
                    raise
            return self._browser

    def print(self, html: Path, pdf: Path) -> int:
        """Print ``html`` to ``pdf`` (atomically); return the page count. A browser that died is
        started again once."""
        browser = self._running()
        try:
            return browser.print_pdf(html, pdf)
        except BrowserError:
            if browser.alive:
                raise
            return self._running().print_pdf(html, pdf)

    def close(self) -> None:
        """End the browser, if one was started."""
        with self._lock:
            self._closed = True
            if self._browser is not None:
                self._browser.close()
                self._browser = None


def print_to_pdf(html: Path, pdf: Path) -> None:
    """Print one report page to an A4 PDF with a browser of its own (several pages: use :class:`Printer`).

    The page's CSS decides page size, margins and page numbers; backgrounds are printed and the
    browser adds no header or footer. ``pdf`` is written atomically: it is either the whole PDF
    or left as it was. Raises :class:`BrowserError` when Chromium is missing or fails.
    """
    with Chromium() as browser:
        browser.print_pdf(html, pdf)
