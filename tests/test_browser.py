"""Open the built pages in a real browser (headless Chromium, network off) and look at them.

Builds a small catalogue — the first seed entry of every report notebook plus one entry with a
broken input — then opens the index, every report and an error page from ``file://`` and checks:
no request to any other host, no failed request, no console error or uncaught exception, every
chart image decoded, and the embedded Chinese font loaded. Screenshots (PNG) are saved under the
test's temporary folder, and also under ``$EVALKIT_SCREENSHOTS`` when that is set (CI artefacts).

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe`` (no port, no
extra Python package). Without Chromium the test is skipped, except in CI (``CI=true``), where it
fails: ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from evalkit.project import CATALOG
from evalkit.runner.build import run_all
from evalkit.runner.catalog import load_catalog

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM = next((c for c in CANDIDATES if os.access(c, os.X_OK)), shutil.which("chromium"))
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-default-browser-check",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--remote-debugging-pipe"]


class Chromium:
    """A headless Chromium spoken to with the DevTools protocol on fds 3 (in) and 4 (out)."""

    def __init__(self, profile: Path, log: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self._log = log.open("wb")
        # bash places the pipe ends at fds 3 and 4, where --remote-debugging-pipe expects them.
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}', CHROMIUM, *FLAGS,
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._messages: queue.Queue = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for message in messages:
                    self._messages.put(json.loads(message))
        self._messages.put(None)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             events: list | None = None, timeout: float = 30) -> dict:
        """Send one command and wait for its answer; events arriving meanwhile go to ``events``."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._messages.get(timeout=max(0.1, deadline - time.monotonic()))
            if reply is None:
                raise RuntimeError("Chromium closed the DevTools pipe")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            if events is not None and "method" in reply:
                events.append(reply)

    def wait_for(self, method: str, events: list, timeout: float = 30) -> None:
        """Collect events until one named ``method`` arrives."""
        deadline = time.monotonic() + timeout
        while not any(e["method"] == method for e in events):
            event = self._messages.get(timeout=max(0.1, deadline - time.monotonic()))
            if event is None:
                raise RuntimeError("Chromium closed the DevTools pipe")
            if "method" in event:
                events.append(event)

    def drain(self, events: list, seconds: float) -> None:
        """Collect events for a little while (late requests, console messages)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self._messages.get(timeout=left)
            except queue.Empty:
                return
            if event and "method" in event:
                events.append(event)

    def visit(self, url: str, screenshot: Path) -> dict:
        """Open ``url`` in a new tab; return what happened and save a full-page screenshot."""
        events: list = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session, events=events)
        self.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                                                         "mobile": False}, session=session, events=events)
        nav = self.send("Page.navigate", {"url": url}, session=session, events=events)
        self.wait_for("Page.loadEventFired", events)
        check = ("document.fonts.ready.then(() => ({"
                 "fonts: [...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status]),"
                 "images: [...document.images].map(i => i.complete && i.naturalWidth > 0),"
                 "text: document.body.innerText, links: [...document.links].map(a => a.href),"
                 "height: document.documentElement.scrollHeight}))")
        page = self.send("Runtime.evaluate", {"expression": check, "awaitPromise": True, "returnByValue": True},
                         session=session, events=events)["result"]["value"]
        self.drain(events, 0.5)
        height = min(int(page["height"]), 6000)
        shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": 1280, "height": height,
                                                             "scale": 1}}, session=session, events=events)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        self.send("Target.closeTarget", {"targetId": target}, events=events)
        requests = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
        problems = [f"navigation: {nav['errorText']}"] if nav.get("errorText") else []
        problems += [f"failed request {e['params'].get('errorText')}" for e in events
                     if e["method"] == "Network.loadingFailed"]
        problems += [f"request to another host: {u[:100]}" for u in requests if not u.startswith(LOCAL_SCHEMES)]
        problems += [f"exception: {e['params']['exceptionDetails'].get('text')}" for e in events
                     if e["method"] == "Runtime.exceptionThrown"]
        problems += [f"console {e['params']['type']}: {e['params'].get('args')}" for e in events
                     if e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert")]
        problems += [f"log {e['params']['entry'].get('text')}" for e in events
                     if e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"]
        return {"problems": problems, "requests": requests, **page}

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, queue.Empty, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        self._log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("CI=true but Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium); required in CI")
    folder = tmp_path_factory.mktemp("chromium")
    chromium = Chromium(folder / "profile", folder / "chromium.log")
    try:
        chromium.send("Target.getTargets")
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One seed entry per report notebook of the real catalogue, and one broken entry."""
    root = tmp_path_factory.mktemp("site")
    lines = CATALOG.read_text(encoding="utf-8").splitlines()
    header, kinds = lines[0], {}
    for entry, line in zip(load_catalog(), lines[1:]):
        kinds.setdefault(entry.notebook, (entry, line))
    broken = root / "坏表.xlsx"
    broken.write_text("not a workbook")
    first = next(iter(kinds.values()))[0]
    rows = [line for _, line in kinds.values()]
    rows.append(f"broken,{first.year},broken-dept,测试部门,{first.notebook},{broken},损坏的输入")
    catalog = root / "catalog.csv"
    catalog.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = root / "outputs"
    results = run_all(outputs=out, catalog=catalog, jobs=2, timeout=300)
    return out, {r.entry.entry: r for r in results}, {k: e.entry for k, (e, _) in kinds.items()}


def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.getbasetemp() / "screenshots"


def visit(browser, page: Path, tmp_path_factory) -> dict:
    folder = screenshots(tmp_path_factory)
    folder.mkdir(exist_ok=True)
    shot = folder / f"{page.stem}.png"
    seen = browser.visit(page.as_uri(), shot)
    if os.environ.get("EVALKIT_SCREENSHOTS"):
        Path(os.environ["EVALKIT_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(os.environ["EVALKIT_SCREENSHOTS"]) / shot.name)
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return seen


def assert_clean(seen: dict) -> None:
    assert seen["problems"] == [], seen["problems"]
    assert all(u.startswith(LOCAL_SCHEMES) for u in seen["requests"])
    assert ["evalkit Noto Sans CJK SC", "loaded"] in seen["fonts"], seen["fonts"]


def test_index_opens_offline_and_links_every_page(browser, site, tmp_path_factory):
    out, results, kinds = site
    seen = visit(browser, out / "index.html", tmp_path_factory)
    assert_clean(seen)
    assert "绩效自评复核报告索引" in seen["text"] and "失败" in seen["text"]
    targets = {Path(href.removeprefix("file://")) for href in seen["links"]}
    for entry in kinds.values():
        assert results[entry].status == "ok", results[entry].error
        assert results[entry].report in targets
    assert out / "2022" / "broken-dept" / "broken.error.html" in targets or any(
        p.name == "broken.error.html" for p in targets)


def test_a_report_of_each_kind_renders_offline(browser, site, tmp_path_factory):
    out, results, kinds = site
    for notebook, entry in kinds.items():
        report = results[entry].report
        assert report.stat().st_size < 2_000_000, f"{report.name}: {report.stat().st_size} bytes"
        seen = visit(browser, report, tmp_path_factory)
        assert_clean(seen)
        assert seen["images"] and all(seen["images"]), f"{notebook}: a chart did not decode"
        assert results[entry].entry.title in seen["text"] and "数据来源与生成信息" in seen["text"]


def test_error_page_renders_offline(browser, site, tmp_path_factory):
    out, results, _ = site
    assert results["broken"].status == "failed"
    seen = visit(browser, out / results["broken"].entry.output_dir / "broken.error.html", tmp_path_factory)
    assert_clean(seen)
    assert "报告生成失败" in seen["text"] and "不是 Excel 工作簿" in seen["text"]
