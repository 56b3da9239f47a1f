"""axe-core (offline, bundled with axe-playwright-python): no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

SEED_QUERY = "cap lai giay chung nhan chan nuoi"


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_home_search_and_procedure_pages_have_no_serious_violations(site, page, high_contrast):
    if high_contrast:
        page.context.add_cookies([{"name": "motcua_contrast", "value": "1", "url": site}])
    page.goto(site + "/")
    assert serious_violations(page) == []
    page.goto(site + f"/thu-tuc/?q={SEED_QUERY}")
    assert serious_violations(page) == []
    page.locator(".result__title a").first.click()
    page.wait_for_load_state()
    assert serious_violations(page) == []


def test_mobile_layout_has_no_serious_violations(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + f"/thu-tuc/?q={SEED_QUERY}")
    assert serious_violations(page) == []
    context.close()
