"""``motcua import-procedures FILE``: upsert procedures from a national-format JSON file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from motcua.catalogue.services import procedures_import


def read_records(path: Path) -> list:
    """The list of records in the file, or CommandError with a clear reason (then nothing is imported)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CommandError(f"Không tìm thấy tệp {path}.") from None
    except UnicodeDecodeError:
        raise CommandError(f"Tệp {path} không phải văn bản UTF-8.") from None
    except json.JSONDecodeError as error:
        raise CommandError(
            f"Tệp {path} không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}: {error.msg}). "
            "Không nhập thủ tục nào."
        ) from None
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list):
        raise CommandError(
            'Tệp phải chứa một danh sách thủ tục (mảng JSON) hoặc {"data": [...]}. Không nhập thủ tục nào.'
        )
    return data


class Command(BaseCommand):
    help = "Nhập thủ tục hành chính từ tệp JSON theo cấu trúc CSDL quốc gia về TTHC (cập nhật theo mã thủ tục)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        records = read_records(file)
        console = Console(file=self.stdout)
        with Progress(
            TextColumn("Nhập thủ tục"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            disable=options.get("verbosity", 1) == 0,
        ) as progress:
            task = progress.add_task("import", total=len(records))
            report = procedures_import(records=records, on_progress=lambda n: progress.update(task, completed=n))
        self.stdout.write(
            f"Đã thêm {report.created}, cập nhật {report.updated}, không đổi {report.unchanged}, "
            f"lỗi {len(report.errors)} (tổng {len(records)} bản ghi)."
        )
        for position, code, reason in report.errors:
            self.stderr.write(f"Bản ghi thứ {position}{f' ({code})' if code else ''}: {reason}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} bản ghi không hợp lệ đã bị bỏ qua; các bản ghi hợp lệ đã được nhập."
            )
