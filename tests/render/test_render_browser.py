"""The HTML report in a real browser (Debian's headless chromium): the filter runs, links work, no errors."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tempfile

import pytest
from render_helpers import ARTIFACTS, russia_assessment, russia_report

pytestmark = pytest.mark.browser

# Runs after the report's own script: records errors and CSP violations, uses the filter, clicks an evidence
# link, and writes what happened into the DOM for --dump-dom to show.
HARNESS = """
(function () {
  var log = {errors: [], violations: [], steps: {}};
  window.addEventListener("error", function (e) { log.errors.push(String(e.message)); });
  document.addEventListener("securitypolicyviolation", function (e) { log.violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sample + " " + e.lineNumber); });
  var original = console.error;
  console.error = function () { log.errors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
  function write() {
    var out = document.createElement("pre"); out.id = "test-log"; out.textContent = JSON.stringify(log);
    document.body.appendChild(out);
  }
  window.addEventListener("load", function () {
    var s = log.steps;
    s.ready = document.documentElement.getAttribute("data-filter");
    var form = document.getElementById("register-filter");
    s.formVisible = !form.hidden;
    s.total = document.querySelectorAll("article.evidence").length;
    form.elements.criterion.value = "CRITERION";
    form.dispatchEvent(new Event("change"));
    s.visibleAfterFilter = document.querySelectorAll("article.evidence:not([hidden])").length;
    s.count = form.elements.count.value;
    var hiddenItem = document.querySelector("article.evidence[hidden]");
    s.hiddenTarget = hiddenItem ? hiddenItem.id : null;
    var link = document.querySelector('a.ev-ref[href="#' + s.hiddenTarget + '"]');
    if (link) { link.click(); }
    setTimeout(function () {
      s.hash = location.hash;
      var target = document.querySelector(":target");
      s.target = target ? target.id : null;
      s.targetVisible = target ? !target.hidden : false;
      s.visibleAfterClick = document.querySelectorAll("article.evidence:not([hidden])").length;
      write();
    }, 500);
  });
}());
"""

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run installs it)")


def _run(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120,
        )


def _with_harness(html: str, criterion: str) -> str:
    harness = HARNESS.replace("CRITERION", criterion)
    digest = base64.b64encode(hashlib.sha256(harness.encode()).digest()).decode()
    # Allow the harness by its hash as well; everything else in the policy stays as the report sets it.
    html, count = re.subn(r"(script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;)", rf"\1 &#39;sha256-{digest}&#39;", html, count=1)
    assert count == 1
    return html.replace("</body>", f"<script>{harness}</script></body>")


def test_filter_and_evidence_links_work_without_errors(tmp_path):
    criterion = next(c for c in russia_assessment().criteria if 0 < len(c.evidence) < len(russia_assessment().case.evidence))
    page = tmp_path / "report.html"
    page.write_text(_with_harness(russia_report("html"), criterion.id), encoding="utf-8")
    done = _run("--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="test-log">(.*?)</pre>', done.stdout, re.S)
    assert found, "the page's test harness did not run:\n" + done.stderr[-2000:]
    log = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    steps = log["steps"]
    assert log["errors"] == [] and log["violations"] == []
    assert steps["ready"] == "ready" and steps["formVisible"]
    assert steps["total"] == len(russia_assessment().case.evidence)
    assert steps["visibleAfterFilter"] == len(set(criterion.evidence))
    assert steps["count"] == f"Showing {len(set(criterion.evidence))} of {steps['total']} items"
    # Following a link to an item the filter hides clears the filter and lands on the item.
    assert steps["hiddenTarget"] and steps["hash"] == f"#{steps['hiddenTarget']}"
    assert steps["target"] == steps["hiddenTarget"] and steps["targetVisible"]
    assert steps["visibleAfterClick"] == steps["total"]


def test_report_runs_its_script_under_its_own_policy_and_screenshot(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(russia_report("html"), encoding="utf-8")
    dom = _run("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    # The attribute is set by the report's own script: the CSP hash let it run.
    assert 'data-filter="ready"' in dom.stdout
    assert re.search(r"<output[^>]*>Showing \d+ of \d+ items</output>", dom.stdout)
    assert "Uncaught" not in dom.stderr and "Refused to" not in dom.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    done = _run(f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars", page.as_uri())
    assert done.returncode == 0 and shot.stat().st_size > 50_000  # a rendered page, not a blank one
