from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


def _ensure_search_index(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from .search_index import index_for

    index_for(connections[using]).ensure(connections[using])


def _changed(sender, **kwargs) -> None:
    from django.db import transaction

    from .cache import catalogue_changed

    transaction.on_commit(catalogue_changed)  # after commit: no reader can cache old rows under the new version


class CatalogueConfig(AppConfig):
    name = "motcua.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục thủ tục hành chính"

    def ready(self) -> None:
        from .models import Agency, Field, Procedure

        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="catalogue_search_index")
        # Cache invalidation only (no business rule): any saved agency, field or procedure — from a service,
        # the administration or a shell — makes cached catalogue reads stale.
        for model in (Agency, Field, Procedure):
            for signal in (post_save, post_delete):
                signal.connect(_changed, sender=model, dispatch_uid=f"catalogue_changed_{signal}_{model.__name__}")
        m2m_changed.connect(_changed, sender=Procedure.fields.through, dispatch_uid="catalogue_changed_fields")
