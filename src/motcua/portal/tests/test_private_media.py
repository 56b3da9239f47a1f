"""Dossier files are never served by path: only the catalogue's printable forms are public media."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_a_stored_dossier_file_is_not_reachable_under_media(client, db):
    name = default_storage.save("ho-so/2026/11/0123456789abcdef.pdf", ContentFile(b"%PDF-1.4 private"))
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/../ho-so/2026/11/0123456789abcdef.pdf").status_code == 404


def test_a_printable_form_of_the_catalogue_is_public(client, db):
    name = default_storage.save("catalogue/templates/mau-don.pdf", ContentFile(b"%PDF-1.4 public"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public"
