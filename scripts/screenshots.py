"""Screenshots of the browser UI for the docs: ``docs/screenshots/*.png``.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Starts ``kg serve`` on a free loopback port (building the graph into a temporary
``PHARMAKG_HOME`` unless one is set), drives Debian's headless Chromium with Playwright, and
saves: the query page after running an example, a drug's page, an effect's page and a
condition's page.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def take(base_url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(base_url + "/")
        page.wait_for_selector("body[data-ready=true]")
        page.click("button.example[data-query=shared-side-effects]")
        page.wait_for_selector("table.results tbody tr")
        page.evaluate("window.scrollTo(0, 0)")
        written.append(out / "query.png")
        page.screenshot(path=str(written[-1]), full_page=False)
        for name in ("amitriptyline", "Dizziness", "Anxiety"):
            page.goto(f"{base_url}/entity/{name}")
            page.wait_for_selector("body[data-ready=true]")
            page.wait_for_timeout(1500)  # let the graph layout settle
            written.append(out / f"entity-{name.lower()}.png")
            page.screenshot(path=str(written[-1]), full_page=False)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    from kg.server.process import ServeProcess

    with tempfile.TemporaryDirectory() as tmp:
        home = os.environ.get("PHARMAKG_HOME") or tmp
        with ServeProcess(home=home) as server:
            for path in take(server.url, args.out):
                print(f"wrote {path}")


if __name__ == "__main__":
    main()
