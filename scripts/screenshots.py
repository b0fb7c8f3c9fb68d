"""Screenshots of the browser UI for the docs: ``docs/screenshots/*.png``.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Starts ``kg serve`` on a free loopback port (building the graph into a temporary
``PHARMAKG_HOME`` unless one is set), drives Debian's headless Chromium with Playwright, and
saves: the query page after running an example and with an empty safety answer, a drug's,
an effect's and a condition's page, the index, and the query and drug pages at phone width.
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


def shoot(page, url: str, path: Path, wait_for: str | None = None, settle: int = 0) -> Path:
    """Open ``url``, wait until the page is ready (and ``wait_for``), save a screenshot."""
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    if wait_for:
        page.wait_for_selector(wait_for)
    if settle:
        page.wait_for_timeout(settle)  # let the graph layout settle
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=False)
    return path


def take(base_url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        written.append(shoot(page, base_url + "/?q=shared-side-effects&drug1=amitriptyline"
                             "&drug2=pregabalin", out / "query.png", "table.results tbody tr"))
        written.append(shoot(page, base_url + "/?q=combination&drug1=clonazepam&drug2=pregabalin",
                             out / "query-empty-safety.png", ".empty-reason"))
        for name in ("amitriptyline", "Dizziness", "Anxiety"):
            written.append(shoot(page, f"{base_url}/entity/{name}",
                                 out / f"entity-{name.lower()}.png", settle=1500))
        written.append(shoot(page, base_url + "/browse", out / "browse.png", "#index li"))
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        written.append(shoot(phone, base_url + "/?q=side-effects&drug=clonazepam",
                             out / "phone-query.png", "table.results tbody tr"))
        written.append(shoot(phone, base_url + "/entity/amitriptyline", out / "phone-entity.png",
                             settle=1500))
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
