"""Playwright driving Debian's Chromium against a live server with the demo catalogue.

Outside CI a machine without Chromium skips these tests; with ``CI=true`` that is a failure.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    return os.environ.get("MOTCUA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    from motcua.catalogue.demo import catalogue_load_demo

    assert catalogue_load_demo(with_templates=False).ok
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


# --- Submission and "Trang cá nhân" tests: a citizen who signs in, and real small documents ---------------
CITIZEN_ID_NUMBER = "062090001234"
CITIZEN_USERNAME = "nguyenvanan"


@pytest.fixture
def citizen_account(site):
    """Nguyễn Văn An: an e-ID-verified profile (no date of birth yet), a confirmed e-mail, a password."""
    from allauth.account.models import EmailAddress

    from motcua.dossiers.tests.factories import citizen

    user = citizen(
        id_number=CITIZEN_ID_NUMBER,
        user__username=CITIZEN_USERNAME,
        user__full_name="Nguyễn Văn An",
        user__email="an.nguyen@example.vn",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def sign_in(site):
    """Sign in through "Đăng nhập" (account and password form), as a person does: ``sign_in(page, login)``."""
    from playwright.sync_api import expect

    from motcua.accounts.tests.factories import PASSWORD

    def sign_in(page, login: str = CITIZEN_USERNAME, password: str = PASSWORD) -> None:
        page.goto(site + "/")
        page.get_by_role("link", name="Đăng nhập", exact=True).click()
        page.get_by_label("Tên tài khoản hoặc thư điện tử").fill(login)
        page.get_by_label("Mật khẩu").fill(password)
        page.locator("#tai-khoan").get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_text("Đăng nhập thành công")).to_be_visible()

    return sign_in


@pytest.fixture
def document(tmp_path):
    """``document(name, text)``: a real one-page PDF (or a PNG when ``name`` ends in .png) written to tmp_path."""
    from motcua.dossiers.tests.factories import pdf_bytes, png_bytes

    def document(name: str, text: str = "") -> str:
        path = tmp_path / name
        if name.endswith(".png"):
            path.write_bytes(png_bytes((24, 24), noise=True))
        else:
            path.write_bytes(pdf_bytes(text or name))
        return str(path)

    return document


@pytest.fixture
def draft_for(site):
    """``draft_for(user, code)``: a draft made through the services (the fast way to a later step), the
    applicant's data complete, a PDF for every required component, "Nhận kết quả trực tuyến", at ``step``."""
    from datetime import date

    from motcua.catalogue.models import Procedure
    from motcua.dossiers import services
    from motcua.dossiers.tests.factories import pdf_upload

    def draft_for(user, code: str = "1.000449", *, upload: bool = True, step: str = "kiem-tra"):
        draft = services.dossier_draft_create(applicant=user, procedure=Procedure.objects.get(code=code))
        applicant = services.ApplicantData(
            name=draft.applicant_name,
            id_number=draft.applicant_id_number,
            date_of_birth=date(1990, 5, 12),
            address=draft.applicant_address or "Kon Tum",
            phone=draft.applicant_phone,
            email=draft.applicant_email,
        )
        draft = services.dossier_draft_update_applicant(
            dossier=draft, actor=user, applicant=applicant, principal=None, step=step
        )
        if upload and draft.case_id:
            for component in draft.case.components.filter(required=True):
                file = pdf_upload(f"Giay to {component.pk}", name=f"giay-to-{component.pk}.pdf")
                services.dossier_file_add(dossier=draft, actor=user, component_id=component.pk, upload=file)
        return services.dossier_draft_update_delivery(dossier=draft, actor=user, result_delivery="online", step=step)

    return draft_for
