from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.reports.services import rollup_rebuild


class Command(BaseCommand):
    help = "Recompute the statistics' summary tables from the dossiers (same numbers as the incremental rollup)."

    def handle(self, *args, **options) -> None:
        total = rollup_rebuild(today=timezone.localdate())
        self.stdout.write(f"Đã tổng hợp lại số liệu thống kê của {total:,} hồ sơ.")
