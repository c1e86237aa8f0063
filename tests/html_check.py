#!/usr/bin/python3
"""tests/html_check.py -- loads a report.html in headless Chromium over the
DevTools protocol (--remote-debugging-pipe: no port, no extra package) and
checks it as a browser sees it:
  - no console message of level error/warning, no uncaught exception, no
    Log.entryAdded error;
  - no network request other than the file itself (the page is self-contained);
  - every <svg class="chart"> has drawn content (a path, rect or circle whose
    bounding box has a non-zero width and height), and at least MIN charts;
  - the CJK font is available to the page (document.fonts.check);
  - no "NaN"/"nan"/"undefined"/"Infinity" word in the visible text.
Writes OUT.png (first screen), OUT-full.png (whole page) and OUT.pdf (printed
with the page's own @page size).  Prints one JSON line of facts; exit 1 on a
failed check.
Usage: html_check.py CHROMIUM REPORT.html OUT_PREFIX MIN_CHARTS
"""
import base64
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time

CHECK_JS = r"""
(() => {
  const charts = Array.from(document.querySelectorAll('svg.chart'));
  const drawn = charts.map(svg => {
    let n = 0;
    svg.querySelectorAll('path, rect, circle, polygon').forEach(el => {
      const b = el.getBBox();
      if (b.width > 0 && b.height > 0) n++;
    });
    return n;
  });
  const text = document.body.innerText;
  const bad = text.match(/\b(NaN|nan|undefined|Infinity|inf)\b/g) || [];
  return JSON.stringify({
    charts: charts.length, drawn: drawn, bad_words: bad,
    cjk_font: document.fonts.check('16px "Noto Sans CJK SC"'),
    title: document.title, height: document.documentElement.scrollHeight
  });
})()
"""


class Pipe:
    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child():
            # via fds >= 10, so that neither end is overwritten by the other
            r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-pipe", "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--hide-scrollbars", "--mute-audio", "--window-size=1000,1400",
                "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=child, pass_fds=(3, 4, to_chrome_r, from_chrome_w),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read_msg(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read_msg(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m["result"]
            self.events.append(m)

    def wait_event(self, name, timeout=60):
        deadline = time.time() + timeout
        for i, m in enumerate(self.events):
            if m.get("method") == name:
                return self.events.pop(i)
        while True:
            m = self._read_msg(deadline)
            self.events.append(m)
            if m.get("method") == name:
                return m

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    chromium, report, out, min_charts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    url = "file://" + os.path.abspath(report)
    problems = []
    seen_events = []
    with tempfile.TemporaryDirectory() as profile:
        b = Pipe(chromium, profile)
        try:
            tid = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            sid = b.call("Target.attachToTarget", {"targetId": tid, "flatten": True})["sessionId"]
            for dom in ("Page", "Runtime", "Log", "Network"):
                b.call(dom + ".enable", session=sid)
            b.call("Emulation.setDeviceMetricsOverride",
                   {"width": 1000, "height": 1400, "deviceScaleFactor": 1, "mobile": False},
                   session=sid)
            b.events.clear()
            b.call("Page.navigate", {"url": url}, session=sid)
            b.wait_event("Page.loadEventFired")
            facts = json.loads(b.call("Runtime.evaluate", {"expression": CHECK_JS,
                                                           "returnByValue": True},
                                      session=sid)["result"]["value"])
            shot = b.call("Page.captureScreenshot", {"format": "png"}, session=sid)
            with open(out + ".png", "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            metrics = b.call("Page.getLayoutMetrics", session=sid)
            size = metrics["cssContentSize"]
            shot = b.call("Page.captureScreenshot",
                          {"format": "png", "captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": size["width"],
                                    "height": size["height"], "scale": 1}}, session=sid)
            with open(out + "-full.png", "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            pdf = b.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True},
                         session=sid, timeout=120)
            with open(out + ".pdf", "wb") as f:
                f.write(base64.b64decode(pdf["data"]))
            seen_events = list(b.events)
        finally:
            b.close()

    requests = []
    for m in seen_events:
        meth, p = m.get("method"), m.get("params", {})
        if meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            problems.append("console %s: %s" % (p.get("type"),
                                                [a.get("value") for a in p.get("args", [])]))
        elif meth == "Runtime.exceptionThrown":
            problems.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
        elif meth == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            problems.append("log %s: %s" % (p["entry"]["level"], p["entry"].get("text")))
        elif meth == "Network.requestWillBeSent":
            requests.append(p.get("request", {}).get("url"))
    others = [u for u in requests if u != url]
    if others:
        problems.append("requests other than the file: %s" % others)
    if url not in requests:
        problems.append("the file itself was not loaded (requests: %s)" % requests)
    if facts["charts"] < min_charts:
        problems.append("%d charts, expected at least %d" % (facts["charts"], min_charts))
    for i, n in enumerate(facts["drawn"]):
        if n == 0:
            problems.append("chart %d has no drawn content" % (i + 1))
    if facts["bad_words"]:
        problems.append("non-numbers in the text: %s" % sorted(set(facts["bad_words"])))
    if not facts["cjk_font"]:
        problems.append("the CJK font Noto Sans CJK SC is not available")
    facts["requests"] = requests
    facts["problems"] = problems
    print(json.dumps(facts, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
