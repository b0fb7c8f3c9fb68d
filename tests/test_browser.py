"""The browser UI in headless Chromium (Debian's ``chromium``, driven by Playwright): run an
example query and see its rows; open a drug's page and see a highlighted quote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright import sync_api  # a test dependency: if missing, the import fails the run

from kg.server.process import ServeProcess

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServeProcess(home=tmp_path_factory.mktemp("home")) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `apt-get install chromium` (.ci/run does)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_page(browser, width: int):
    """A page at ``width`` CSS pixels that records script errors and any request leaving the
    loopback host; :func:`close_page` closes it and fails on either."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.errors, page.outside = [], []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    # offline: any request to another host fails the test
    page.on("request", lambda r: page.outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "blob:", "data:")) else None)
    return page


def close_page(page) -> None:
    page.context.close()
    assert not page.errors, page.errors
    assert not page.outside, page.outside


@pytest.fixture()
def page(browser):
    page = open_page(browser, 1280)
    yield page
    close_page(page)


@pytest.fixture()
def phone(browser):
    """The narrowest phone the UI supports: 360 CSS pixels wide."""
    page = open_page(browser, 360)
    yield page
    close_page(page)


def test_example_query_shows_rows(server, page, tmp_path):
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("button.example[data-query=shared-side-effects]")
    page.wait_for_selector("table.results tbody tr")
    cells = page.locator("table.results tbody td").all_inner_texts()
    assert "dizziness" in cells
    assert "rows" in page.locator("#status").inner_text()
    # sortable: clicking the header twice reverses the order
    first = page.locator("table.results tbody tr").first.inner_text()
    page.click("table.results th")
    page.click("table.results th")
    assert page.locator("table.results tbody tr").first.inner_text() != first
    # links go to entity pages
    href = page.locator("table.results tbody a").first.get_attribute("href")
    assert href.startswith("/entity/")
    page.screenshot(path=str(tmp_path / "query.png"))


def test_example_parameters_are_form_fields(server, page):
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("button.example[data-query=side-effects]")
    form = page.locator("#example-params form[data-query=side-effects]")
    field = form.locator("input[name=drug]")
    assert field.input_value() == "amitriptyline"  # a default to start from
    page.wait_for_selector("table.results tbody tr")
    assert "blurred vision" in page.locator("table.results").inner_text()
    field.fill("Klonopin")  # a brand name, resolved by the server
    form.locator("button[type=submit]").click()
    page.wait_for_function(
        "document.querySelector('table.results') && "
        "!document.querySelector('table.results').innerText.includes('blurred vision')")
    assert "cognitive impairment" in page.locator("table.results").inner_text()
    assert "1 row" in page.locator("#status").inner_text()


def test_ad_hoc_sparql_with_predeclared_prefixes(server, page):
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#query", "SELECT ?l WHERE { pkg:clonazepam skos:altLabel ?l }")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert "Klonopin" in page.locator("table.results").inner_text()
    with page.expect_download() as download:
        page.click("#download-csv")
    assert download.value.suggested_filename == "results.csv"
    assert "Klonopin" in Path(download.value.path()).read_text()
    with page.expect_download() as download:
        page.click("#download-json")
    assert download.value.suggested_filename == "results.json"
    data = json.loads(Path(download.value.path()).read_text())
    assert data["head"]["vars"] == ["l"] and data["results"]["bindings"]
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert page.locator("#error pre").inner_text().startswith("400: malformed SPARQL")


def test_drug_page_shows_a_highlighted_quote(server, page, tmp_path):
    page.goto(server.url + "/entity/amitriptyline")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("h1").inner_text().startswith("amitriptyline")
    section = page.locator("details.relation[data-predicate='pkg:hasSideEffect']")
    assert section.count() == 1
    section.locator("summary").click()  # a long page starts folded
    quote = section.locator("blockquote.quote mark").first.inner_text()
    assert len(quote) > 20
    assert page.locator("svg#graph circle").count() > 5
    page.wait_for_timeout(300)  # a few layout frames
    outside = page.evaluate("""() => {
        const frame = document.querySelector('svg#graph').getBoundingClientRect();
        return [...document.querySelectorAll('svg#graph text:not(.hidden-label)')].filter(t => {
            const b = t.getBoundingClientRect();
            return b.left < frame.left - 1 || b.right > frame.right + 1; }).length; }""")
    assert outside == 0, f"{outside} graph labels stick out of the frame"
    page.screenshot(path=str(tmp_path / "entity.png"))


def test_effect_page_lists_drugs_and_search_navigates(server, page):
    page.goto(server.url + "/entity/Dizziness")
    page.wait_for_selector("body[data-ready=true]")
    assert "amitriptyline" in page.locator("#relations").inner_text()
    page.fill("#search", "klonopin")
    page.wait_for_selector("#suggest a")
    page.press("#search", "Enter")
    page.wait_for_url("**/entity/clonazepam")
