import pytest
from django.urls import reverse

from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import SearchQuery, procedure_search
from motcua.catalogue.services import procedures_import

from .factories import national_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    procedures_import(records=[national_record("1.000500", "Cấp giấy phép khai thác nước mặt")])
    return Procedure.objects.get(code="1.000500")


def test_admin_lists_searches_and_opens_procedures(admin_client, procedure):
    changelist = reverse("admin:catalogue_procedure_changelist")
    assert "Cấp giấy phép khai thác nước mặt" in admin_client.get(changelist, {"q": "nước mặt"}).content.decode()
    change = admin_client.get(reverse("admin:catalogue_procedure_change", args=[procedure.pk]))
    assert change.status_code == 200
    for model in ("agency", "field", "procedurecase", "channel", "supportcontact"):
        assert admin_client.get(reverse(f"admin:catalogue_{model}_changelist")).status_code == 200


def test_renaming_in_the_admin_refreshes_the_search_index(admin_client, procedure):
    url = reverse("admin:catalogue_procedure_change", args=[procedure.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        name="Cấp phép xả nước thải vào nguồn nước",
        agency=procedure.agency_id,
        fields=[f.pk for f in procedure.fields.all()],
        decision_date="",
        effective_from="",
        effective_to="",
        is_active="on",
        **{
            "cases-TOTAL_FORMS": "0",
            "cases-INITIAL_FORMS": "0",
            "legal_bases-TOTAL_FORMS": "0",
            "legal_bases-INITIAL_FORMS": "0",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    names = [p.name for p in procedure_search(query=SearchQuery(text="xa nuoc thai")).results]
    assert names == ["Cấp phép xả nước thải vào nguồn nước"]


def test_renaming_an_agency_or_field_in_the_admin_refreshes_its_procedures(admin_client, procedure):
    agency = procedure.agency
    response = admin_client.post(
        reverse("admin:catalogue_agency_change", args=[agency.pk]),
        {
            "code": agency.code,
            "name": "Sở Nông nghiệp và Môi trường",
            "level": agency.level,
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    field = procedure.fields.get()
    response = admin_client.post(
        reverse("admin:catalogue_field_change", args=[field.pk]), {"code": field.code, "name": "Thủy lợi"}
    )
    assert response.status_code == 302
    assert [p.code for p in procedure_search(query=SearchQuery(text="nong nghiep va moi truong")).results] == [
        "1.000500"
    ]
    assert [p.code for p in procedure_search(query=SearchQuery(text="thuy loi")).results] == ["1.000500"]
