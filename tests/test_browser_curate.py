"""The review page in headless Chromium against a real ``kg serve --curate`` on a copy of the
resources: candidates highlighted in the text, accept / reject by keyboard, edit an object and
a quote span (by selecting text), accept a tier; then kg build and kg query see the result."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from kg.server.process import ServeProcess
from test_browser import browser, page  # noqa: F401  (the shared Chromium fixtures)
from test_curation import REVIEWER, copy_resources, curator_decisions, decision_key
from test_curation_cli import add, kg, query_json

pytestmark = pytest.mark.slow
TOKEN = "test-curation-token"

# Select ``quote`` inside #doc-text (the text is split over several <mark> nodes).
SELECT_JS = """(quote) => {
  const root = document.getElementById("doc-text");
  const at = root.textContent.indexOf(quote);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let pos = 0, start = null, end = null;
  while (walker.nextNode()) {
    const node = walker.currentNode, len = node.data.length;
    if (start === null && at < pos + len) start = [node, at - pos];
    if (at + quote.length <= pos + len) { end = [node, at + quote.length - pos]; break; }
    pos += len;
  }
  const range = document.createRange();
  range.setStart(...start); range.setEnd(...end);
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("curate")
    root = copy_resources(tmp / "resources")
    env = dict(os.environ, PHARMAKG_RESOURCES=str(root),
               PHARMAKG_HOME=str(tmp / "home"))
    docs = {name: add(env, name) for name in ("gabapentin", "clonazepam-note")}
    with ServeProcess(["--curate", "--reviewer", REVIEWER, "--token", TOKEN], env=env) as server:
        yield server, env, docs


def review_data(env, doc: str) -> dict:
    path = Path(env["PHARMAKG_RESOURCES"]) / "data" / "review" / f"{doc}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_api_needs_the_token(site):
    server, _, docs = site
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        request = urllib.request.Request(server.url + "/api/curate/documents", headers=headers)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        assert caught.value.code == 401
    request = urllib.request.Request(
        f"{server.url}/api/curate/documents/{docs['gabapentin']}/decide", method="POST",
        data=json.dumps({"candidate": "x", "action": "accept"}).encode(),
        headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 401


def test_page_without_token_says_how_to_open_it(site, page):
    server, _, _ = site
    page.goto(server.url + "/curate")
    page.wait_for_selector("body[data-ready=true]")
    assert "kg serve --curate printed" in page.locator("#message").inner_text()


def test_tier_accept_from_the_document_list(site, page):
    server, env, docs = site
    page.goto(f"{server.url}/curate#token={TOKEN}")
    page.wait_for_selector("body[data-ready=true]")
    assert "#token" not in page.url  # the token leaves the address bar
    page.click("text=A short note on clonazepam")
    page.wait_for_selector("li.candidate")
    page.click("button.tier-accept[data-tier=A]")
    page.wait_for_function("document.querySelectorAll('li.candidate[data-status=accepted]')"
                           ".length === 2")
    assert "accepted 2 of tier A" in page.locator("#message").inner_text()
    decided = review_data(env, docs["clonazepam-note"])["decisions"]
    assert {d["reviewer"] for d in decided.values()} == {REVIEWER} and len(decided) == 2


def test_review_a_document_by_keyboard_and_edit_form(site, page, tmp_path):
    server, env, docs = site
    doc = docs["gabapentin"]
    page.goto(f"{server.url}/curate/{doc}#token={TOKEN}")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("li.candidate").count() == 15
    assert page.locator("#doc-text mark.cand").count() >= 7
    assert "Neurontin" in page.locator(".new-term").first.inner_text()
    wanted = curator_decisions("gabapentin")
    by_id = {c["id"]: c for c in review_data(env, doc)["candidates"]}
    for step in range(15):
        current = page.locator("li.candidate.current")
        cid = current.get_attribute("data-id")
        assert current.get_attribute("data-status") == "open"
        # the candidate's quote is highlighted as the current mark
        assert by_id[cid]["quote"] in "".join(page.locator("#doc-text mark.current")
                                              .all_inner_texts())
        action, detail = wanted[decision_key(by_id[cid])]
        if action in ("accept", "reject"):
            page.keyboard.press(action[0])
        else:
            page.keyboard.press("e")
            form = current.locator("form.edit")
            if "object" in detail:
                form.locator("input[name=object]").fill(detail["object"])
            if "quote" in detail:
                page.evaluate(SELECT_JS, detail["quote"])
                form.locator("button.use-selection").click()
                assert detail["quote"] in form.locator(".quote-preview").inner_text()
            form.locator("button[type=submit]").click()
        page.wait_for_selector(f"li.candidate[data-id='{cid}'][data-status="
                               f"{ {'accept': 'accepted', 'edit': 'edited', 'reject': 'rejected'}[action]}]")
    page.screenshot(path=str(tmp_path / "review.png"))
    assert "15 of 15 decided" in page.locator("#progress").inner_text()
    decisions = review_data(env, doc)["decisions"]
    counts = {k: sum(d["decision"] == k for d in decisions.values())
              for k in ("accepted", "edited", "rejected")}
    assert counts == {"accepted": 12, "edited": 2, "rejected": 1}
    # the graph: build and ask for the new drug by its brand name
    kg(env, "build", "-q")
    rows = query_json(env, "evidence", "-p", "drug=Neurontin")
    assert len(rows) == 14
    quotes = {(r["relationLabel"], r["objectLabel"]): r["quote"] for r in rows}
    assert quotes[("has withdrawal symptom", "insomnia")] == \
        "After long use, stopping abruptly may cause anxiety and insomnia."
    assert ("targets", "voltage-gated calcium channel") in quotes


def test_a_refused_edit_shows_the_reason(site, page):
    server, env, docs = site
    doc = docs["clonazepam-note"]
    page.goto(f"{server.url}/curate/{doc}#token={TOKEN}")
    page.wait_for_selector("body[data-ready=true]")
    current = page.locator("li.candidate.current")
    assert current.get_attribute("data-status") == "open"
    page.keyboard.press("e")
    current.locator("input[name=object]").fill("NoSuchTerm")
    current.locator("button[type=submit]").click()
    page.wait_for_selector("li.candidate .error")
    assert "unknown object term 'NoSuchTerm'" in current.locator(".error").inner_text()
    assert current.get_attribute("data-status") == "open"
    page.keyboard.press("Escape")
    assert current.locator("form.edit").count() == 0
