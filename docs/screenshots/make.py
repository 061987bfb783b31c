"""Screenshots of the Russia report's first screen, wide (1400 px) and on a phone (375 px), for the docs.

    python docs/screenshots/make.py            # writes docs/screenshots/report-1400.png and report-375.png

Renders the shipped case with SOURCE_DATE_EPOCH set (the same report the golden tests check) and photographs it
in headless Chromium (Debian's `chromium`), driven over the DevTools pipe by tests/render/cdp.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SHOTS = {"report-1400.png": (1400, 900, False), "report-375.png": (375, 812, True)}  # width, height, phone


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests" / "render"))
    from cdp import Browser, find_chromium

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    os.chdir(ROOT)  # the report names its case file as given, relative to the checkout
    from assess.pipeline import assess_file
    from assess.render import render

    chromium = find_chromium()
    if not chromium:
        print("make.py: chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 4
    html = render(assess_file("cases/russia_nk.yaml")[0], "html")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        for name, (width, height, phone) in SHOTS.items():
            with Browser(chromium) as browser:
                browser.open(page.as_uri(), width=width, height=height, mobile=phone)
                browser.screenshot(OUT / name)
            print(f"wrote {(OUT / name).relative_to(ROOT)} ({width}x{height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
