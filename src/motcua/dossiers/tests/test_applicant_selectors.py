import hashlib
import uuid

import pytest

from motcua.accounts.models import EDataItem
from motcua.accounts.selectors import edata_item_get_for_owner
from motcua.catalogue.tests.factories import FieldFactory
from motcua.core.errors import NotFound
from motcua.dossiers import selectors, services
from motcua.dossiers.selectors import TAB_DRAFTS, TAB_SUBMITTED, TAB_SUPPLEMENT
from motcua.dossiers.workflow import State

from .factories import ProcedureFactory, citizen, pdf_upload


@pytest.fixture
def mine(applicant, procedure, officer, submit):
    """The applicant's dossiers: a draft, a submitted one, a received one and one waiting for a supplement."""
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    submitted, received, supplement = (
        submit(services.dossier_draft_create(applicant=applicant, procedure=procedure)) for _ in range(3)
    )
    received = services.dossier_receive(dossier=received, officer=officer)
    services.dossier_request_supplement(
        dossier=supplement, officer=officer, reason="Thiếu", items=[{"name": "Bản sao sổ hộ khẩu"}]
    )
    supplement.refresh_from_db()
    submit(services.dossier_draft_create(applicant=citizen(), procedure=procedure))  # somebody else's
    return {"draft": draft, "submitted": submitted, "received": received, "supplement": supplement}


def _codes(dossiers):
    return {dossier.code for dossier in dossiers}


def _transactions(user, **filters):
    return list(selectors.dossier_transactions_for_applicant(user=user, **filters))


def test_submitted_tab_lists_every_submitted_dossier_newest_first_and_no_draft(applicant, mine):
    listed = _transactions(applicant, tab=TAB_SUBMITTED)
    assert listed == [mine["supplement"], mine["received"], mine["submitted"]]
    assert _transactions(applicant) == listed  # the default tab
    assert _transactions(applicant, tab="khong-co-tab") == listed


def test_supplement_tab_lists_dossiers_waiting_for_the_applicant(applicant, mine):
    assert _transactions(applicant, tab=TAB_SUPPLEMENT) == [mine["supplement"]]


def test_drafts_tab_lists_drafts_only(applicant, mine):
    assert _transactions(applicant, tab=TAB_DRAFTS) == [mine["draft"]]


def test_tab_counts(applicant, mine):
    assert selectors.dossier_tab_counts(user=applicant) == {TAB_SUBMITTED: 3, TAB_SUPPLEMENT: 1, TAB_DRAFTS: 1}
    assert selectors.dossier_tab_counts(user=citizen()) == {TAB_SUBMITTED: 0, TAB_SUPPLEMENT: 0, TAB_DRAFTS: 0}


def test_field_filter_keeps_the_dossiers_of_procedures_in_that_field(applicant, procedure, mine, submit):
    livestock, land, trade = FieldFactory(name="Chăn nuôi"), FieldFactory(name="Đất đai"), FieldFactory()
    procedure.fields.add(livestock, land)  # two fields: a dossier must still be listed once
    other = ProcedureFactory(agency=procedure.agency)
    other.fields.add(trade)
    elsewhere = submit(services.dossier_draft_create(applicant=applicant, procedure=other))

    assert _transactions(applicant, field_id=livestock.pk) == [mine["supplement"], mine["received"], mine["submitted"]]
    assert _transactions(applicant, field_id=trade.pk) == [elsewhere]
    assert _transactions(applicant, tab=TAB_DRAFTS, field_id=land.pk) == [mine["draft"]]
    assert _transactions(applicant, field_id=FieldFactory().pk) == []


def test_state_filter_and_unknown_states_are_ignored(applicant, mine):
    assert _transactions(applicant, state=State.RECEIVED) == [mine["received"]]
    assert _transactions(applicant, state=State.SUBMITTED) == [mine["submitted"]]
    everything = _transactions(applicant)
    assert _transactions(applicant, state="bi-xoa") == everything
    assert _transactions(applicant, state="") == everything


def test_code_search_matches_part_of_the_code(applicant, mine):
    code = mine["received"].code
    assert _transactions(applicant, code=code) == [mine["received"]]
    assert _transactions(applicant, code=f"  {code[-4:]}  ") == [mine["received"]]
    assert _codes(_transactions(applicant, code=code.split("-")[0].lower())) == _codes(
        [mine["submitted"], mine["received"], mine["supplement"]]
    )
    assert _transactions(applicant, code="999.99") == []


def test_filters_combine_and_never_show_another_persons_dossier(applicant, mine):
    code = mine["received"].code
    assert _transactions(applicant, state=State.SUBMITTED, code=code) == []
    stranger = citizen()
    assert _transactions(stranger) == []
    assert _transactions(stranger, code=code) == []


# --- Drafts by public id --------------------------------------------------------------------------------
def test_the_applicant_opens_their_draft_by_its_public_id(draft):
    found = selectors.dossier_draft_get_for_applicant(user=draft.applicant, public_id=str(draft.public_id))
    assert found == draft


@pytest.mark.parametrize(
    "public_id", ["khong-phai-uuid", "", "1", "' OR 1=1 --", "0b9f7c4e-5a36-4d2e-9a51-3c1e8f0d2a77"]
)
def test_a_malformed_or_unknown_draft_id_is_not_found(draft, public_id):
    with pytest.raises(NotFound) as error:
        selectors.dossier_draft_get_for_applicant(user=draft.applicant, public_id=public_id)
    assert error.value.message == "Không tìm thấy hồ sơ."


def test_someone_elses_draft_is_not_found(draft):
    with pytest.raises(NotFound):
        selectors.dossier_draft_get_for_applicant(user=citizen(), public_id=str(draft.public_id))


def test_a_submitted_dossier_is_not_a_draft_any_more(submitted):
    with pytest.raises(NotFound):
        selectors.dossier_draft_get_for_applicant(user=submitted.applicant, public_id=str(submitted.public_id))


# --- Files and data store items -----------------------------------------------------------------------
@pytest.fixture
def attached(draft, component):
    return services.dossier_file_add(
        dossier=draft, actor=draft.applicant, component_id=component.pk, upload=pdf_upload()
    )


def test_a_file_is_found_for_its_owner_only(attached):
    owner = attached.dossier.applicant
    assert selectors.dossier_file_get_for_applicant(user=owner, public_id=str(attached.public_id)) == attached
    for user, public_id in [
        (citizen(), str(attached.public_id)),
        (owner, "khong-phai-uuid"),
        (owner, str(uuid.uuid4())),
        (owner, str(attached.dossier.public_id)),  # a dossier's id is not a file's
    ]:
        with pytest.raises(NotFound) as error:
            selectors.dossier_file_get_for_applicant(user=user, public_id=public_id)
        assert error.value.message == "Không tìm thấy tệp."


def test_the_file_list_is_scoped_to_the_owner(attached):
    dossier = attached.dossier
    assert list(selectors.dossier_files_for_applicant(user=dossier.applicant, dossier=dossier)) == [attached]
    assert list(selectors.dossier_files_for_applicant(user=citizen(), dossier=dossier)) == []


def test_a_data_store_item_is_found_for_its_owner_only(applicant):
    item = EDataItem.objects.create(
        owner=applicant,
        title="Bản sao CCCD",
        file="ho-so/2025/03/x.pdf",
        original_name="cccd.pdf",
        content_type="application/pdf",
        size=3,
        sha256=hashlib.sha256(b"abc").hexdigest(),
    )
    assert edata_item_get_for_owner(user=applicant, public_id=str(item.public_id)) == item
    for user, public_id in [(citizen(), str(item.public_id)), (applicant, "x"), (applicant, str(uuid.uuid4()))]:
        with pytest.raises(NotFound):
            edata_item_get_for_owner(user=user, public_id=public_id)


def test_the_applicants_timeline_leaves_out_the_agencys_internal_hand_overs(db):
    from motcua.dossiers.tests.office import office_world

    world = office_world()
    dossier = world.received()
    dossier = services.dossier_forward(dossier=dossier, officer=world.specialist, note="Ý kiến nội bộ của phòng")
    actions = [event.action for event in selectors.dossier_events_for_applicant(user=world.applicant, dossier=dossier)]
    assert actions == ["submit", "receive", "start_processing"]
    assert dossier.events.filter(action="forward").exists()  # kept for the back office
