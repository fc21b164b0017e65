"""The app on a phone (390 px, touch) in headless Chromium, as `kkr app` serves it: nothing
scrolls sideways but a wide table inside its own box, and the valgforbund's post order is set
with the controls. Skipped without chromium (except in CI). No timing is asserted."""

from __future__ import annotations

import pytest
from browser import CHROMIUM, CHROMIUM_FLAGS, require_chromium

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.slow

from test_app_e2e import ARTIFACTS, open_app, serve, shown  # noqa: E402

PHONE = {"width": 390, "height": 844}
# KV25 Syddanmark, the blue bloc with V for its 1st post and C for its 2nd (the link's form)
LINK = "valg=KV25&kkr=Syddanmark&forbund=V+C+O+I+Æ:V:C"
# Elements sticking out of the viewport that no narrower box with its own scroll clips.
OUTSIDE = """() => {
  const vw = document.documentElement.clientWidth; const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= vw + 1)
        { clipped = true; break; }
    }
    if (!clipped) out.push(el.tagName + '.' + el.className);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone():
    assert CHROMIUM is not None, "CI must have chromium (see .ci/run)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve() as url, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else r.abort())
        yield page, url
        browser.close()


def test_page_is_no_wider_than_a_phone(phone):
    page, url = phone
    open_app(page, url, LINK)
    page.wait_for_selector(".kkr-order select", timeout=90_000)
    assert shown(page) == ("Formand: V (valgforbund V+C+O+I+Æ) / Næstformand: C (valgforbund "
                           "V+C+O+I+Æ)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert page.evaluate(OUTSIDE) == []
    # the composition table is wider than the phone: it scrolls inside its own box
    box = page.locator(".kkr-result .kkr-scroll:has(.kkr-composition)")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    page.screenshot(path=str(ARTIFACTS / "app_phone_390.png"), full_page=True)


def test_post_order_is_set_by_touch_sized_controls(phone):
    page, url = phone
    open_app(page, url, LINK)
    first = page.locator(".kkr-order .widget-dropdown:has(label:text-is('1. post')) select")
    first.wait_for(timeout=90_000)
    assert first.bounding_box()["height"] >= 36  # a finger's target, not a mouse's
    first.select_option("C")
    page.wait_for_function("location.search.includes(':C:C')", timeout=30_000)
    assert shown(page) == ("Formand: C (valgforbund V+C+O+I+Æ) / Næstformand: C (valgforbund "
                           "V+C+O+I+Æ)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_mayor_panel_by_touch_marks_the_scenario(phone):
    page, url = phone
    open_app(page, url, "valg=KV25&kkr=Syddanmark")
    page.get_by_text("Borgmestre (scenarie)").tap()
    town = page.locator(".widget-dropdown:has(label:text-is('Kommune')) select")
    town.select_option(label="Kolding (borgmester: V)")
    page.locator(".widget-dropdown:has(label:text-is('Borgmester fra')) select").select_option("C")
    button = page.get_by_role("button", name="Sæt borgmester")
    assert button.bounding_box()["height"] >= 36
    button.tap()
    page.wait_for_function("location.search.includes('borgmester=Kolding:C')", timeout=30_000)
    page.wait_for_selector("text=Sammensætning (scenarie): 41 medlemmer", timeout=30_000)
    mark = page.locator(".kkr-result .kkr-scenario-mark").inner_text()
    assert "Scenarie: borgmester i Kolding = C (data: V)" in mark
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OUTSIDE) == []
    # three posts left open: the range table, which scrolls in its own box
    page.locator(".widget-select-multiple select").select_option(["Billund", "Fanø", "Varde"])
    page.get_by_role("button", name="Beregn intervaller").tap()
    page.wait_for_selector(".kkr-ranges", timeout=60_000)
    assert "åbne borgmesterposter" in page.locator(".kkr-ranges h4").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OUTSIDE) == []
    page.screenshot(path=str(ARTIFACTS / "app_phone_390_mayor.png"), full_page=True)
