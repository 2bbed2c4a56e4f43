"""The viewer in a real browser: headless Chromium (Debian's package) driven by Playwright
against `timeline serve --seed` on a free loopback port with a temporary database.

Without Chromium or Playwright these tests skip with the reason; with CI=true they fail
instead, because .ci/run installs both and a silent skip would hide a broken viewer.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import SEED_STORY, SEEDS

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "viewer.png"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# no first-run work and no background traffic: the sandbox's closed network refuses it
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}: .ci/run must install it", pytrace=False)
    pytest.skip(f"viewer browser tests skipped: {reason} "
                "(apt-get install chromium; pip install -e '.[test]')")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`timeline serve --seed` in a subprocess: the real server, as deployed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = tmp_path_factory.mktemp("viewer") / "viewer.db"
    code = "import sys; from timeline.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", str(db),
                             "--seed", str(SEEDS), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60  # seeding runs the extractor first
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"timeline serve exited: {proc.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("timeline serve did not answer /healthz within 60 s")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        _missing(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, locale="en-GB")
        yield context
        context.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    """The viewer, loaded; afterwards: no script errors, no request left the server."""
    page = browser.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.expected_http_errors = 0  # tests that provoke a 4xx say how many
    page.on("request", lambda req: req.url.startswith(server) or foreign.append(req.url))
    page.goto(f"{server}/")
    page.wait_for_selector("body[data-ready]")
    yield page
    page.close()
    http = [e for e in errors if e.startswith("Failed to load resource: the server "
                                              "responded with a status of 4")]
    assert len(http) == page.expected_http_errors, errors
    assert not [e for e in errors if e not in http], errors
    assert not foreign, f"requests to other origins (must work offline): {foreign}"


def api(server: str, path: str) -> Any:
    with urllib.request.urlopen(f"{server}/api/v1/{path}", timeout=10) as response:
        return json.load(response)


def story_timeline(server: str, **params: str) -> dict[str, Any]:
    query = "&".join(f"{k}={urllib.request.quote(v)}" for k, v in params.items())
    return api(server, f"stories/{SEED_STORY}/timeline?limit=1000&{query}")


def entry_nodes(page: Any) -> list[dict[str, Any]]:
    """Each drawn entry: its data attributes and the pixel boxes of shape and label+shape."""
    return page.eval_on_selector_all(".entry", """nodes => nodes.map(n => {
        const shape = n.querySelector('.shape').getBoundingClientRect();
        const ring = n.querySelector('.ring').getBoundingClientRect();
        return {...n.dataset, label: n.getAttribute('aria-label'),
                shape: [shape.left, shape.top, shape.right, shape.bottom],
                box: [ring.left, ring.top, ring.right, ring.bottom]};
    })""")


def musk_call(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The entry for Musk joining the Trump–Zelensky call: the one with most sources (once
    issue 6 merges articles, both seed articles), a day entry preferred on ties."""
    calls = [e for e in entries if any("ماسك" in s["quote"] and "مكالمة" in s["quote"]
                                       for s in e["sources"])]
    assert calls, "no entry quotes the call"
    return max(calls, key=lambda e: (len(e["sources"]), e["earliest"] == e["latest"]))


def overlapping(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def test_seed_story_entries_in_date_order_without_overlaps(page: Any, server: str) -> None:
    expected = story_timeline(server)
    nodes = entry_nodes(page)
    assert [n["id"] for n in nodes] == [e["id"] for e in expected["entries"]]
    assert len(nodes) >= 8  # the seed story's dated events
    # dates the seed articles state: في أكتوبر 2022, الصادر في سبتمبر, يوم الأربعاء (DCT 7 Nov)
    assert {"2022-10", "2024-09", "2024-11-06"} <= {n["value"] for n in nodes}
    for node, entry in zip(nodes, expected["entries"], strict=True):
        assert node["value"] == entry["value"]
        assert node["earliest"] == (entry["earliest"] or "")
        assert node["latest"] == (entry["latest"] or "")
        assert node["label"].startswith(entry["display_date_en"]), node["label"]
    starts = [n["earliest"] or n["latest"] for n in nodes]
    assert starts == sorted(starts)
    # placed by date: a later start is never drawn left of an earlier one
    # (a day's point is centred on its day, a bar starts at its first day)
    point = lambda n: n["earliest"] == n["latest"]  # noqa: E731
    lefts = [(n["shape"][0] + n["shape"][2]) / 2 if point(n) else n["shape"][0]
             for n in nodes if n["earliest"]]
    assert all(a <= b + 1 for a, b in zip(lefts, lefts[1:], strict=False)), lefts
    for i, a in enumerate(nodes):  # lanes: shapes and labels never overlap
        for b in nodes[i + 1:]:
            assert not overlapping(a["box"], b["box"]), (a["id"], b["id"])
    kinds = {n["id"]: page.get_attribute(f'.entry[data-id="{n["id"]}"]', "class")
             for n in nodes}
    day = next(e for e in expected["entries"] if e["earliest"] == e["latest"])
    assert "point" in kinds[day["id"]]
    month = next(e for e in expected["entries"] if len(e["value"]) == 7)
    assert "bar" in kinds[month["id"]]
    approximate = next(e for e in expected["entries"] if e["flags"]["approximate"])
    assert "approximate" in kinds[approximate["id"]]
    count = f"({len(nodes)} dated, {len(expected['undated'])} undated)"
    assert page.text_content("#count") == count


def test_musk_call_shows_every_source_with_its_reference_marked(page: Any,
                                                                 server: str) -> None:
    entry = musk_call(story_timeline(server)["entries"])
    page.click(f'.entry[data-id="{entry["id"]}"]')
    detail = page.locator("#detail")
    detail.wait_for(state="visible")
    assert page.get_attribute(f'.entry[data-id="{entry["id"]}"]', "aria-selected") == "true"
    assert page.text_content("#detail-body .headline") == entry["headline"]
    assert page.text_content(".display-date") == entry["display_date"]
    assert page.text_content(".display-date-en") == entry["display_date_en"]
    assert page.text_content(".facts .value") == entry["value"]
    flags = page.eval_on_selector_all(".flag", "ns => ns.map(n => n.dataset.flag)")
    assert flags == [k for k in ("approximate", "inferred_dct", "vague") if entry["flags"][k]]
    sources = page.locator(".source")
    assert sources.count() == len(entry["sources"])  # every source, none dropped
    assert len({s["article_id"] for s in entry["sources"]}) == 2  # both seed articles
    for i, source in enumerate(entry["sources"]):
        item = sources.nth(i)
        assert item.get_attribute("data-article") == str(source["article_id"])
        assert source["title"] in item.text_content()
        assert item.locator(".quote").text_content() == source["quote"]
        mark = item.locator("mark.ref")
        if source["mention_text"] is None:  # a retelling that does not date the event
            assert mark.count() == 0 and item.locator(".undated-source").count() == 1
            continue
        assert mark.count() == 1 and mark.text_content() == source["mention_text"]
        assert item.locator(".as-written").text_content() == source["mention_text"]
        background = mark.evaluate("n => getComputedStyle(n).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        # Arabic lays out right to left inside the left-to-right page
        assert item.locator(".quote").evaluate("n => getComputedStyle(n).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    _screenshot(page)


def _screenshot(page: Any) -> None:
    """docs/viewer.png, for the README: the page down to the open entry detail. Rewritten
    only when the pixels changed, so a test run leaves the work tree clean."""
    bottom = page.evaluate("document.querySelector('#detail').getBoundingClientRect().bottom"
                           " + window.scrollY + 16")
    png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": 1280,
                                                "height": bottom})
    SCREENSHOT.parent.mkdir(exist_ok=True)
    if not SCREENSHOT.exists() or SCREENSHOT.read_bytes() != png:
        SCREENSHOT.write_bytes(png)


def test_keyboard_moves_between_entries_with_visible_focus(page: Any) -> None:
    total = page.locator(".entry").count()
    page.focus('.entry[tabindex="0"]')
    active = "document.activeElement.dataset.index"
    assert page.evaluate(active) == "0"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(active) == "1"
    ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('.ring'))"
                         ".strokeWidth")
    assert ring == "3px"  # the focus ring shows
    page.keyboard.press("End")
    assert page.evaluate(active) == str(total - 1)
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(active) == str(total - 2)
    assert page.locator('.entry[tabindex="0"]').count() == 1  # one tab stop: roving focus
    page.keyboard.press("Enter")
    page.locator("#detail").wait_for(state="visible")
    chosen = page.get_attribute('.entry[aria-selected="true"]', "data-index")
    assert chosen == str(total - 2)
    page.keyboard.press("Escape")
    page.locator("#detail").wait_for(state="hidden")
    assert page.evaluate(active) == str(total - 2)  # focus goes back to the entry


def test_zoom_and_pan_adapt_the_axis(page: Any) -> None:
    order = ["days", "weeks", "months", "years", "decades", "centuries"]
    unit = lambda: page.get_attribute("svg.timeline", "data-unit")  # noqa: E731
    fitted = unit()
    for _ in range(40):
        if unit() == "days":
            break
        page.click("#zoom-in")
    assert unit() == "days" and order.index(fitted) > 0
    page.click("#zoom-fit")
    assert unit() == fitted
    chart = page.locator("#chart").bounding_box()
    x, y = chart["x"] + chart["width"] / 2, chart["y"] + chart["height"] / 2
    page.mouse.move(x, y)
    page.mouse.wheel(0, -1500)  # wheel up: zoom in
    assert order.index(unit()) < order.index(fitted)
    first_tick = lambda: page.eval_on_selector(".tick", "n => n.textContent")  # noqa: E731
    before = first_tick()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 400, y, steps=8)  # drag left: later dates come into view
    page.mouse.up()
    assert first_tick() != before
    assert page.locator("#detail").is_hidden()  # a drag is not a click on an entry
    left = page.eval_on_selector(".tick", "n => n.textContent")
    page.click("#pan-left")
    assert first_tick() != left


COUNT_IS = "n => document.querySelectorAll('.entry').length === n"


def test_date_and_text_filters_match_the_api(page: Any, server: str) -> None:
    page.fill("#from", "2024")
    wanted = story_timeline(server, **{"from": "2024"})["entries"]
    page.wait_for_function(COUNT_IS, arg=len(wanted))
    assert [n["id"] for n in entry_nodes(page)] == [e["id"] for e in wanted]
    page.fill("#from", "")
    page.fill("#q", "زيلينسكي")
    wanted = story_timeline(server, q="زيلينسكي")["entries"]
    page.wait_for_function(COUNT_IS, arg=len(wanted))
    assert [n["id"] for n in entry_nodes(page)] == [e["id"] for e in wanted]
    csv_href = page.get_attribute("#export-csv", "href")
    assert "q=" in csv_href and "format=csv" in csv_href  # exports follow the filters
    page.fill("#to", "2024-1")  # caught in the page
    page.wait_for_selector("#to[aria-invalid]")
    assert "Dates look like" in page.text_content("#status")
    page.fill("#to", "2024-13")  # caught by the API (400), shown the same way
    page.wait_for_function("() => document.getElementById('status').textContent"
                           ".includes('Not a valid date')")
    assert page.get_attribute("#to", "aria-invalid") == "true"
    page.expected_http_errors = 1


def test_export_buttons_download_each_format(page: Any, server: str) -> None:
    for button, mimetype in (("#export-json", "application/json"),
                             ("#export-timelinejs", "application/json"),
                             ("#export-csv", "text/csv")):
        with page.expect_download() as info:
            page.click(button)
        download = info.value
        body = Path(download.path()).read_text(encoding="utf-8")
        response = page.request.get(download.url)
        assert response.headers["content-type"].startswith(mimetype)
        if button == "#export-json":
            assert json.loads(body)["story"] == SEED_STORY
        elif button == "#export-timelinejs":
            assert json.loads(body)["events"] and download.suggested_filename.endswith(
                ".timelinejs.json")
        else:
            assert body.startswith("id,dated,type,value")


def test_form_errors_are_shown_next_to_their_fields(page: Any) -> None:
    page.click("#add-submit")
    assert page.get_attribute("#add-title-input", "aria-invalid") == "true"
    assert page.text_content("#add-text-error") == "Required."
    page.fill("#add-title-input", "t")
    page.fill("#add-text", "Nothing dated here.")
    page.fill("#add-url", "not a url")
    page.click("#add-submit")
    page.wait_for_selector("#add-url[aria-invalid]")  # the API's 422, field by field
    assert page.text_content("#add-url-error")
    assert "Not added" in page.text_content("#add-status")
    page.expected_http_errors = 1


def test_adding_an_article_through_the_form_draws_its_entry(page: Any, server: str) -> None:
    before = page.locator(".entry").count()
    page.fill("#add-title-input", "لقاء جنيف")
    page.fill("#add-text", "قال مسؤولون إن الزعيمين التقيا أول مرة في 3 مارس 2021 في جنيف.")
    page.fill("#add-date", "2024-11-07")
    page.select_option("#add-lang", "ar")
    page.click("#add-submit")
    page.wait_for_selector('.entry[data-value="2021-03-03"]')
    assert "Added article #" in page.text_content("#add-status")
    assert page.locator(".entry").count() == before + 1
    new = page.locator('.entry[data-value="2021-03-03"]')
    assert new.get_attribute("aria-selected") == "true"  # and its detail is open
    assert "لقاء جنيف" in page.text_content("#detail-body .source-title")
    assert page.text_content("#detail-body mark.ref") == "3 مارس 2021"
    stored = story_timeline(server)["entries"]
    assert [n["id"] for n in entry_nodes(page)] == [e["id"] for e in stored]


def test_every_story_is_in_the_picker_past_the_first_page(page: Any, server: str) -> None:
    # the list comes 500 a page; a story past them must still open from a shared address
    last = "zz-story-0500"
    for n in range(501):
        request = urllib.request.Request(
            f"{server}/api/v1/stories", method="POST",
            data=json.dumps({"name": f"Story {n}", "id": f"zz-story-{n:04}"}).encode(),
            headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).close()
    page.goto(f"{server}/#story={last}")
    page.reload()
    page.wait_for_selector("body[data-ready]")
    assert page.eval_on_selector("#story", "s => s.value") == last
    assert page.eval_on_selector("#story", "s => s.options.length") >= 502
