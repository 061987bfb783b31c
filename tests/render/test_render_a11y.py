"""Accessibility in a real browser: the report reflows on a phone (no sideways scrolling), and axe-core finds no
serious or critical violation in the report or in a comparison page.

Chromium is driven over the DevTools pipe (`cdp.py`); axe-core comes from npm (`.ci/run` installs the version
pinned in `.ci/package.json` into `.ci/node_modules`). Locally the tests skip when either is missing; under CI
(`CI` set) a missing one is a failure, so the checks cannot silently stop running.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cdp import Browser, find_chromium
from render_helpers import ROOT, russia_report

pytestmark = pytest.mark.browser

AXE = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"

# Everything wider than the viewport, outside the containers that are meant to scroll on their own.
OVERFLOW = """(() => {
  const width = window.innerWidth, wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && !el.closest(".table-scroll") && !(el.parentElement && el.parentElement.closest("svg"))) {
      const cls = typeof el.className === "string" ? el.className : el.className.baseVal;
      wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls ? "." + cls.split(" ")[0] : ""} to ${Math.round(box.right)}px`);
    }
  }
  return {inner: width, html: document.documentElement.scrollWidth, body: document.body.scrollWidth, wide: wide.slice(0, 15)};
})()"""

AXE_RUN = """axe.run(document, OPTIONS).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n").slice(1, 2).join(""))
})))"""


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing under CI; .ci/run installs it")
    pytest.skip(f"{what} is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if not path:
        _missing("chromium (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        _missing(f"axe-core ({AXE.relative_to(ROOT)}; npm install --prefix .ci --no-package-lock)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("a11y") / "report.html"
    page.write_text(russia_report("html"), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def compare_page(tmp_path_factory) -> Path:
    from conftest import CASES, run_cli

    page = tmp_path_factory.mktemp("a11y-compare") / "cmp.html"
    result = run_cli("compare", str(CASES / "russia_nk.yaml"), str(CASES / "teaching_fictional.yaml"), "-o", str(page))
    assert result.exit_code == 0, result.output
    return page


@pytest.mark.parametrize("width", [375, 320])
def test_report_reflows_without_horizontal_scrolling(chromium, report_page, width):
    """WCAG 1.4.10: at phone widths (375 px; 320 px is the criterion's own) nothing makes the page scroll sideways."""
    with Browser(chromium) as browser:
        browser.open(report_page.as_uri(), width=width, height=800, mobile=True)
        found = browser.evaluate(OVERFLOW)
        assert browser.console_errors() == []
    # A mobile viewport widens itself to content that overflows, so the layout width must stay the device's.
    assert found["inner"] == width, found
    assert found["html"] <= width and found["body"] <= width, found


# On a phone only the layout differs: the rules whose outcome depends on it (the others ran on the wide page).
LAYOUT_RULES = ["color-contrast", "scrollable-region-focusable", "target-size", "meta-viewport", "region"]


def _serious(browser: Browser, axe_source: str, rules: list[str] | None = None) -> list[dict]:
    browser.evaluate(axe_source + ";0")  # DevTools evaluation is not subject to the page's CSP
    options = {"resultTypes": ["violations"], **({"runOnly": {"type": "rule", "values": rules}} if rules else {})}
    violations = browser.evaluate(AXE_RUN.replace("OPTIONS", json.dumps(options)))
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 375])
def test_report_has_no_serious_axe_violation(chromium, axe_source, report_page, width):
    with Browser(chromium) as browser:
        browser.open(report_page.as_uri(), width=width, height=900, mobile=width < 600)
        serious = _serious(browser, axe_source, LAYOUT_RULES if width < 600 else None)
    assert serious == [], json.dumps(serious, indent=1)


def test_compare_page_has_no_serious_axe_violation(chromium, axe_source, compare_page):
    with Browser(chromium) as browser:
        browser.open(compare_page.as_uri(), width=1280, height=900)
        serious = _serious(browser, axe_source)
    assert serious == [], json.dumps(serious, indent=1)


def test_axe_finds_a_planted_violation(chromium, axe_source, tmp_path):
    """The check can fail: light grey text, an unlabelled field and an empty link are all reported."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>bad</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">faint text</p><input type="text"><a href="#x"></a>'
        "</main></body></html>", encoding="utf-8",
    )
    with Browser(chromium) as browser:
        browser.open(page.as_uri(), width=800)
        found = {v["id"] for v in _serious(browser, axe_source)}
    assert {"color-contrast", "label", "link-name"} <= found
