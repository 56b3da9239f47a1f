"""A citizen finds a procedure and reads what to prepare — in Chromium, as a person clicks."""

import re

from playwright.sync_api import expect

SEED = "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"


def test_home_search_without_diacritics_finds_the_seed_first_and_its_page_shows_components_and_fees(site, page):
    page.goto(site + "/")
    expect(page.get_by_role("link", name="Tra cứu thủ tục").first).to_be_visible()
    page.get_by_label("Tìm thủ tục hành chính").fill("cap lai giay chung nhan chan nuoi")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=cap"))
    first = page.locator(".result").first
    expect(first.locator(".result__title")).to_have_text(SEED)
    first.get_by_role("link", name=re.compile("^Xem chi tiết")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED)
    expect(page.get_by_role("heading", name="Thành phần hồ sơ").first).to_be_visible()
    expect(page.get_by_role("heading", name="Cách thức thực hiện").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Phí, lệ phí").first).to_be_visible()
    expect(page.locator("td", has_text=re.compile(r"\d+(\.\d{3})* đ|Không thu phí")).first).to_be_visible()
    expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    assert page.console_errors == []


def test_filters_update_results_in_place_with_htmx(site, page):
    page.goto(site + "/thu-tuc/")
    total = page.locator(".result-count").inner_text()
    page.get_by_label("Cơ quan thực hiện").select_option(label="Sở Khoa học và Công nghệ")
    expect(page.locator(".result-count")).not_to_have_text(total)
    expect(page).to_have_url(re.compile(r"co_quan=000\.00\.13\.H34"))
    for meta in page.locator(".result__meta").all()[:5]:
        assert "Sở Khoa học và Công nghệ" in meta.inner_text()
    assert page.console_errors == []


def test_suggestions_appear_as_you_type(site, page):
    page.goto(site + "/thu-tuc/")
    page.get_by_label("Tìm thủ tục hành chính").press_sequentially("du an dau tu", delay=30)
    suggestion = page.locator("#suggestions a", has_text="Cung cấp thông tin về dự án đầu tư")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cung cấp thông tin về dự án đầu tư")


def test_search_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_label("Tìm thủ tục hành chính").fill("Cấp lại giấy chứng nhận chăn nuôi")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator(".result__title").first).to_have_text(SEED)
    page.get_by_role("button", name="A+").click()
    assert "font-step-1" in page.locator("html").get_attribute("class")
    context.close()


def test_font_size_and_contrast_are_remembered_across_pages(site, page):
    page.goto(site + "/")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng tương phản").click()
    expect(page.locator("html")).to_have_class(re.compile(r"font-step-1.*high-contrast"))
    page.goto(site + "/huong-dan/")
    expect(page.locator("html")).to_have_class(re.compile(r"font-step-1.*high-contrast"))
    page.get_by_role("button", name="Giảm tương phản").click()
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    page.reload()
    expect(page.locator("html")).to_have_class("font-step-0")


def test_language_switch_to_english_and_back(site, page):
    page.goto(site + "/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Look up procedures").first).to_be_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
