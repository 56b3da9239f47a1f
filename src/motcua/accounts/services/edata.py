"""The personal data store ("Kho dữ liệu cá nhân"): the owner may remove an item.

Removing an item removes the row only: the stored file may still belong to a dossier, and the dossiers' file
collector deletes it once nothing refers to it.
"""

from django.db import transaction

from motcua.core.errors import NotFound

from ..models import EDataItem, User


@transaction.atomic
def edata_item_delete(*, item: EDataItem, user: User) -> None:
    if item.owner_id != user.pk:
        raise NotFound("Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
    item.delete()
