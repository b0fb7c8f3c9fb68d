"""The browser UI in headless Chromium against a real ``kg serve``, at desktop (1280 px) and
phone (360 px) width: edited examples keep their parameters, empty answers say why, syntax
errors are shown whole and marked in the editor, no page is wider than the screen, the index
and about pages, shareable addresses with back/forward, the search's no-match state, the
not-found page, entity summaries with collapsible sections and quotes without Markdown
markers, the graph's legend/zoom/labels, and machine-proposed statements marked and filtered
(issue 15; issue 12)."""

from __future__ import annotations

import json
import os
import re
import urllib.parse
import urllib.request
import pytest
import yaml

from kg.server.process import ServeProcess
from test_browser import browser, close_page, open_page, page, server  # noqa: F401  (shared fixtures)
from test_curation import copy_resources

pytestmark = pytest.mark.slow
WIDTHS = [1280, 360]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def ui(request, browser):  # noqa: F811
    page = open_page(browser, request.param)
    yield page
    close_page(page)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def no_horizontal_overflow(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{page.url}: the document is {width} px wide in a {inner} px window"


def rows(page) -> int:
    return page.locator("table.results tbody tr").count()


def wait_status(page, before: str) -> None:
    """Until the status line shows a finished run other than ``before``."""
    page.wait_for_function("""(before) => { const s = document.getElementById('status').innerText;
        return s !== before && !s.startsWith('running'); }""", arg=before)


# -- item 1: an edited example keeps its parameters -------------------------------------------

def test_edited_example_keeps_its_bound_parameters(server, ui):  # noqa: F811
    api = get_json(server.url + "/api/queries/shared-side-effects?drug1=amitriptyline&drug2=pregabalin")
    expected = len(api["results"]["bindings"])
    assert expected > 0
    ready(ui, server.url + "/")
    ui.click("button.example[data-query=shared-side-effects]")
    ui.wait_for_selector("table.results tbody tr")
    assert rows(ui) == expected
    # one added space, then Run: the same answer, and the page says the parameters were bound
    ui.focus("#query")
    ui.keyboard.press("Control+End")
    ui.keyboard.type(" ")
    assert ui.locator("#bound-note").is_visible()
    status = ui.locator("#status").inner_text()
    ui.click("#run")
    ui.wait_for_selector("#bound-result:not([hidden])")
    wait_status(ui, "running…")
    assert rows(ui) == expected, f"{rows(ui)} rows after adding a space, {expected} before"
    note = ui.locator("#bound-result").inner_text()
    assert "pkg:amitriptyline" in note and "pkg:pregabalin" in note
    assert "no longer uses" not in note
    query = urllib.parse.parse_qs(urllib.parse.urlparse(ui.url).query)
    assert query["q"] == ["shared-side-effects"] and query["drug1"] == ["amitriptyline"]
    assert query["text"][0].endswith(" ")
    # an edit that drops ?_drug1_iri: said plainly, not silently answered
    text = ui.input_value("#query").replace("?_drug1_iri", "?anyDrug")
    ui.fill("#query", text)
    status = ui.locator("#status").inner_text()
    ui.click("#run")
    wait_status(ui, status)
    ui.wait_for_selector("#bound-result strong.unused")
    assert "no longer uses drug1" in ui.locator("#bound-result").inner_text()
    assert rows(ui) > expected
    # detaching runs plain SPARQL and the form leaves
    ui.click("#bound-result button.linkish")
    ui.wait_for_selector("#example-params", state="hidden")
    ui.wait_for_function("location.search.startsWith('?sparql=')")
    no_horizontal_overflow(ui)


# -- item 2: an empty answer says why -----------------------------------------------------------

def test_empty_safety_answer_says_silence_is_not_safety(server, ui):  # noqa: F811
    api = get_json(server.url + "/api/queries/combination?drug1=clonazepam&drug2=pregabalin")
    assert api["results"]["bindings"] == [] and api["empty_reason"]
    ready(ui, server.url + "/?q=combination&drug1=clonazepam&drug2=pregabalin")
    box = ui.wait_for_selector(".empty-reason")
    assert "safety" in (box.get_attribute("class") or "")
    text = " ".join(box.inner_text().split())
    assert "No rows is not evidence of safety" in text
    assert " ".join(api["empty_reason"].split())[1:] in text  # the server's reason, whole
    assert ui.locator("table.results").count() == 0
    no_horizontal_overflow(ui)


def test_empty_plain_answer_says_there_are_no_rows(server, ui):  # noqa: F811
    ready(ui, server.url + "/?" + urllib.parse.urlencode(
        {"sparql": "SELECT ?s WHERE { ?s a pkg:NoSuchClass }"}))
    box = ui.wait_for_selector(".empty-reason")
    assert "No rows" in box.inner_text()
    assert "safety" not in (box.get_attribute("class") or "")


# -- item 6: syntax errors whole, with the position marked ------------------------------------

def test_syntax_error_shown_whole_and_marked(server, ui):  # noqa: F811
    text = 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = "x) }'
    request = urllib.request.Request(server.url + "/sparql", data=urllib.parse.urlencode(
        {"query": text}).encode(), method="POST")
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(request, timeout=30)
    message = failed.value.read().decode().strip()
    line, column = map(int, re.search(r"line (\d+), column (\d+)", message).groups())
    ready(ui, server.url + "/")
    ui.fill("#query", text)
    ui.click("#run")
    ui.wait_for_selector("#error:not([hidden])")
    assert ui.locator("#error pre").inner_text().strip() == f"400: {message}"
    marked = ui.evaluate("""() => { const at = document.querySelector('#marks .err-at');
        return [at.closest('.err-line').textContent, document.querySelectorAll('#marks .err-at').length]; }""")
    assert marked[0].rstrip() == text.split("\n")[line - 1] and marked[1] == 1  # past its end: a space
    ui.click("#error button.where")
    offset = sum(len(part) + 1 for part in text.split("\n")[:line - 1]) + column - 1
    assert ui.evaluate("document.getElementById('query').selectionStart") == offset
    # editing the text clears the mark
    ui.keyboard.press("End")
    ui.keyboard.type(" ")
    assert ui.locator("#marks .err-at").count() == 0
    no_horizontal_overflow(ui)


def test_syntax_error_in_an_edited_example_is_located(server, ui):  # noqa: F811
    ready(ui, server.url + "/?q=side-effects&drug=amitriptyline")
    ui.wait_for_selector("table.results tbody tr")
    text = ui.input_value("#query")
    broken = text.rstrip() + "\nLIMIT ten"
    ui.fill("#query", broken)
    ui.click("#run")
    ui.wait_for_selector("#error:not([hidden])")
    message = ui.locator("#error pre").inner_text()
    assert message.startswith("malformed SPARQL") and "…" not in message
    where = ui.locator("#error button.where").inner_text()
    line = int(re.match(r"line (\d+)", where).group(1))
    assert line == broken.count("\n") + 1
    assert ui.locator("#marks .err-line").inner_text().rstrip() == "LIMIT ten"


# -- item 10: usable from 360 px up -------------------------------------------------------------

PAGES = ["/", "/?q=shared-side-effects&drug1=amitriptyline&drug2=pregabalin",
         "/entity/amitriptyline", "/entity/Dizziness", "/entity/clonazepam", "/browse",
         "/about/api", "/about/service", "/entity/no-such-term"]


def test_no_page_is_wider_than_the_window(server, ui):  # noqa: F811
    for path in PAGES:
        ready(ui, server.url + path)
        if "q=" in path:
            ui.wait_for_selector("table.results tbody tr")
        no_horizontal_overflow(ui)
    ready(ui, server.url + "/")
    editor, inner = ui.evaluate(
        "[document.getElementById('editor').getBoundingClientRect().width, innerWidth]")
    if inner <= 400:
        assert editor >= 0.9 * inner, f"the editor is {editor} px wide in a {inner} px window"


# -- item 11: index, API and service pages, document titles --------------------------------------

def test_index_lists_what_the_graph_covers(server, page):  # noqa: F811
    index = get_json(server.url + "/api/index")
    sections = {s["kind"]: s for s in index["sections"]}
    assert {"drug", "condition", "effect", "class", "mechanism"} <= set(sections)
    ready(page, server.url + "/")
    page.click("header nav a[href='/browse']")
    page.wait_for_selector("body[data-ready=true]")
    drugs = page.locator("section[data-kind=drug] li")
    assert drugs.count() == len(sections["drug"]["items"])
    amitriptyline = next(it for it in sections["drug"]["items"] if it["label"] == "amitriptyline")
    row = page.locator("section[data-kind=drug] li", has_text="amitriptyline")
    assert f"{amitriptyline['count']} statements" in row.inner_text()
    page.fill("#filter", "dizz")
    page.wait_for_function("document.querySelectorAll('#index li').length === 1")
    assert page.locator("#index li a").inner_text() == "dizziness"
    assert "filter=dizz" in page.url
    page.fill("#filter", "qqqq")
    page.wait_for_selector("#index .notice")


def test_api_and_service_description_are_pages(server, page):  # noqa: F811
    ready(page, server.url + "/")
    page.click("header nav a[href='/about/api']")
    page.wait_for_selector("body[data-ready=true]")
    openapi = get_json(server.url + "/openapi.json")
    shown = page.locator(".endpoint").count()
    assert shown == sum(len(methods) for methods in openapi["paths"].values())
    page.click(".endpoint[data-path='/api/queries/side-effects'] a")
    page.wait_for_selector("form[data-query=side-effects]")
    ready(page, server.url + "/about/service")
    assert page.locator("#endpoint").inner_text() == server.url + "/sparql"
    assert "sd:Service" in page.locator("#turtle").inner_text()
    assert "refused" in page.locator("dl.facts").inner_text()


def test_document_page_is_titled_with_the_document_title(server, page):  # noqa: F811
    docs = next(s for s in get_json(server.url + "/api/index")["sections"] if s["kind"] == "document")
    doc = docs["items"][0]
    ready(page, server.url + "/entity/" + doc["curie"])
    assert page.locator("h1").inner_text().startswith(doc["label"])
    assert page.title().startswith(doc["label"])
    assert not re.search(r"[0-9a-f]{16}", page.title())


# -- item 12: addresses, history, no match, not found --------------------------------------------

def test_addresses_are_shareable_and_history_works(server, ui):  # noqa: F811
    ready(ui, server.url + "/?q=side-effects&drug=Klonopin")
    ui.wait_for_selector("table.results tbody tr")
    assert "cognitive impairment" in ui.locator("table.results").inner_text()
    assert ui.input_value("form[data-query=side-effects] input[name=drug]") == "Klonopin"
    ui.click("button.example[data-query=withdrawal-symptoms]")
    ui.wait_for_function("location.search.includes('q=withdrawal-symptoms')")
    ui.wait_for_selector("form[data-query=withdrawal-symptoms]")
    ui.go_back()
    ui.wait_for_selector("form[data-query=side-effects]")
    ui.wait_for_function("document.querySelector('table.results') && "
                         "document.querySelector('table.results').innerText.includes('cognitive impairment')")
    ui.go_forward()
    ui.wait_for_selector("form[data-query=withdrawal-symptoms]")
    sparql = "SELECT ?l WHERE { pkg:clonazepam skos:altLabel ?l }"
    ready(ui, server.url + "/?" + urllib.parse.urlencode({"sparql": sparql}))
    ui.wait_for_selector("table.results tbody tr")
    assert ui.input_value("#query") == sparql and "Klonopin" in ui.locator("table.results").inner_text()


def test_search_says_when_nothing_matches(server, ui):  # noqa: F811
    ready(ui, server.url + "/entity/amitriptyline")
    ui.fill("#search", "qqqqzz")
    box = ui.wait_for_selector("#suggest .none")
    assert "No term matches" in box.inner_text()
    ui.press("#search", "Enter")  # nothing to open: the page stays
    assert ui.url.endswith("/entity/amitriptyline")
    no_horizontal_overflow(ui)


def test_not_found_page_lists_what_the_graph_covers(server, ui):  # noqa: F811
    ready(ui, server.url + "/entity/no-such-term")
    assert ui.locator("h1").inner_text() == "Not found"
    assert ui.locator("svg#graph").is_hidden()
    assert ui.locator(".coverage section[data-kind=drug] a", has_text="amitriptyline").count() == 1
    assert ui.locator(".coverage section").count() >= 5
    no_horizontal_overflow(ui)


# -- item 13: summary, collapsible sections, quotes without Markdown markers ----------------------

def test_entity_page_summary_and_sections(server, ui):  # noqa: F811
    data = get_json(server.url + "/api/entity/amitriptyline")
    ready(ui, server.url + "/entity/amitriptyline")
    chips = ui.locator("ul.summary li")
    sections = ui.locator("details.relation")
    assert chips.count() == sections.count() > 5
    for i in range(sections.count()):
        count = int(chips.nth(i).locator(".count").inner_text())
        assert count == sections.nth(i).locator(".statement").count()
    open_now = ui.locator("details.relation[open]").count()
    assert open_now == 1, "a long page starts folded"
    folded = ui.evaluate("document.documentElement.scrollHeight")
    ui.click("ul.summary a:has-text('has side effect')")
    assert ui.locator("details.relation[data-predicate='pkg:hasSideEffect']").get_attribute("open") == ""
    ui.click("#expand-all")
    assert ui.locator("details.relation[open]").count() == sections.count()
    assert ui.evaluate("document.documentElement.scrollHeight") > 3 * folded
    # no Markdown markers in any quote, and the highlight holds the quoted words
    text = ui.locator("#relations").inner_text()
    assert "**" not in text and "__" not in text
    for group in data["relations"]:
        for item in group["items"]:
            for ev in item["evidence"]:
                if ev["exact"] and "**" in ev["exact"]:
                    words = re.sub(r"^\* ", "• ", ev["exact"]).replace("**", "")
                    marks = ui.locator("blockquote.quote mark").all_inner_texts()
                    assert " ".join(words.split()) in [" ".join(m.split()) for m in marks]
    no_horizontal_overflow(ui)


# -- item 14: the graph ---------------------------------------------------------------------------

def test_graph_legend_zoom_and_labels(server, ui):  # noqa: F811
    data = get_json(server.url + "/api/entity/clonazepam")
    ready(ui, server.url + "/entity/clonazepam")
    ui.wait_for_timeout(400)
    legend = set(ui.locator(".legend li").evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert legend == {n["kind"] for n in data["graph"]["nodes"]}
    assert not [n for n in data["graph"]["nodes"] if "/dose/" in n["id"] or "/quantity/" in n["id"]]
    overlaps = ui.evaluate("""() => {
        const boxes = [...document.querySelectorAll('svg#graph text:not(.hidden-label)')]
            .map(t => t.getBoundingClientRect());
        let n = 0;
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
        }
        return [n, boxes.length]; }""")
    assert overlaps[0] == 0 and overlaps[1] >= 3, overlaps
    before = ui.get_attribute("svg#graph", "viewBox")
    ui.click(".graph-tools button[aria-label='zoom in']")
    after = ui.get_attribute("svg#graph", "viewBox")
    assert float(after.split()[2]) < float(before.split()[2])
    ui.click(".graph-tools button[aria-label='reset the view']")
    assert ui.get_attribute("svg#graph", "viewBox") == before
    box = ui.locator("svg#graph").bounding_box()
    ui.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    ui.mouse.wheel(0, -300)
    ui.wait_for_function("document.getElementById('graph').dataset.zoom !== '1.00'")


def test_dose_range_is_a_labelled_value(server, page):  # noqa: F811
    ready(page, server.url + "/entity/amitriptyline")
    page.click("#expand-all")
    dose = page.locator("details.relation[data-predicate='pkg:hasDoseRange'] .statement a.term")
    assert re.match(r"^\d+(–\d+)? mg", dose.inner_text()), dose.inner_text()


# -- issue 12: machine-proposed statements ---------------------------------------------------------

@pytest.fixture(scope="module")
def machine_server(tmp_path_factory):
    """A server over a copy of the resources where every source of "amitriptyline brandName
    Elavil" is a machine proposal a person accepted."""
    root = copy_resources(tmp_path_factory.mktemp("resources"))
    changed = 0
    for path in sorted((root / "data" / "statements").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for st in data["statements"]:
            if (st.get("subject"), st.get("relation"), st.get("object")) == ("amitriptyline", "brandName", "Elavil"):
                st.update({"curation": "accepted", "reviewer": "Dana Reviewer",
                           "extractor": {"name": "test extractor", "version": "1"}})
                changed += 1
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert changed >= 1
    env = {**os.environ, "PHARMAKG_RESOURCES": str(root)}
    with ServeProcess(env=env, home=tmp_path_factory.mktemp("home")) as s:
        yield s


def test_machine_proposals_are_marked_and_can_be_hidden(machine_server, ui):
    ready(ui, machine_server.url + "/entity/amitriptyline")
    ui.click("#expand-all")
    brand = ui.locator("details.relation[data-predicate='pkg:brandName']")
    tag = brand.locator(".curation.machine")
    assert tag.count() >= 1 and "Dana Reviewer" in tag.first.inner_text()
    assert "1 with a machine-proposed source" in ui.locator("#info").inner_text()
    side = ui.locator("details.relation[data-predicate='pkg:hasSideEffect']")
    all_side = side.locator(".statement").count()
    ui.select_option("#curation-filter", "written")
    assert brand.is_hidden()
    assert side.locator(".statement:visible").count() == all_side
    assert side.locator("summary .count").inner_text() == f"({all_side})"
    ui.select_option("#curation-filter", "person")
    assert brand.is_visible()
    ui.select_option("#curation-filter", "all")
    assert brand.locator(".statement:visible").count() == 1
    no_horizontal_overflow(ui)
