from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from .search_index import index_for

    index_for(connections[using]).ensure(connections[using])


class CatalogueConfig(AppConfig):
    name = "motcua.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục thủ tục hành chính"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="catalogue_search_index")
