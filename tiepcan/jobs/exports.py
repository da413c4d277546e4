"""Excel exports of the lists: the page's own scoped, filtered queryset, written as .xlsx.

A list view hands its queryset over in one line::

    if exports.requested(request):
        return exports.respond(request, USERS, users)

``users`` is exactly what the page lists (the person's scope, then the page's filters, in the
page's order; with a FilterSet, ``filterset.qs``). The page number is ignored: every filtered row
is exported. ``respond`` reads the ids in that order; up to ``EXPORT_INLINE_MAX_ROWS`` the
workbook is written in the request and downloaded at once, above it a background job
(:func:`build_export`) writes it with a progress bar (``/xuat-excel/<job>/``) and stores it
as an :class:`~tiepcan.jobs.models.Artifact` that only the person who asked may download.

The worker fetches the rows again by id through the model's scoped queryset for the requester
(``for_user(requester, export.action)``), so a right lost between the click and the run is
honoured too. Cells: Vietnamese headers; amounts in đồng, counts and scores as numbers with
number formats (Excel shows them with the reader's separators: 1.000.000 and 12,5 in Vietnamese
Excel); dates as dates shown dd/mm/yyyy; text never read as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.tasks import task
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tiepcan.accounts.models import User
from tiepcan.core.scoping import scoped_rows
from tiepcan.jobs import artifacts
from tiepcan.jobs.backend import database_backend
from tiepcan.jobs.models import Artifact
from tiepcan.jobs.progress import _current_job, report_progress
from tiepcan.lib.spreadsheet import looks_like_formula
from tiepcan.lib.text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARAM = "xuat"  # ?xuat=xlsx on a list's URL asks for its export
CHUNK = 500  # rows fetched and written per step (and per progress report)

# Kinds of column and their Excel number formats (format codes are always written the en-US
# way; Excel displays them with the reader's separators).
TEXT, INT, VND, DECIMAL, DATE, DATETIME, BOOL = "text", "int", "vnd", "decimal", "date", "datetime", "bool"
FORMATS = {
    INT: "#,##0",
    VND: '#,##0 "đ"',
    DECIMAL: "#,##0.0#",
    DATE: "dd/mm/yyyy",
    DATETIME: "dd/mm/yyyy hh:mm",
}


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) Vietnamese header
    kind: str = TEXT
    width: float = 18


@dataclass
class Export:
    """One list's export: its columns and how a batch of objects becomes rows.

    ``rows(objects, context)`` receives one batch (in the list's order) and yields one list of
    cell values per object; ``context`` is the JSON-serialisable dict the view passed (e.g. the
    period's id), so the worker can rebuild the same columns. ``related`` adds the
    ``select_related`` / ``prefetch_related`` the rows need.
    """

    name: str  # the dotted path of this object (the worker imports it), e.g. "tiepcan.accounts.exports.USERS"
    title: Any  # sheet title and the start of the file name
    model: type[Model]
    action: str  # the scope the rows are fetched again in (``for_user(requester, action)``)
    columns: Callable[[dict[str, Any]], list[Column]]
    rows: Callable[[list[Any], dict[str, Any]], Iterable[Sequence[Any]]]
    related: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=lambda qs: qs)


def get(name: str) -> Export:
    """The export named by its dotted path (only an :class:`Export` object is accepted)."""
    export = import_string(name)
    if not isinstance(export, Export) or export.name != name:
        raise LookupError(name)
    return export


def requested(request: HttpRequest, kind: str = "xlsx") -> bool:
    """Whether the list's URL asks for its export (``?xuat=xlsx``; a page with two: another ``kind``)."""
    return request.GET.get(PARAM) == kind


def inline_limit() -> int:
    return int(getattr(settings, "EXPORT_INLINE_MAX_ROWS", 2000))


def _ids(queryset: QuerySet[Any]) -> list[int]:
    """The ids of the page's rows in the page's order, each once (a join may repeat a row)."""
    seen: set[int] = set()
    ids = []
    for pk in queryset.values_list("pk", flat=True):
        if pk not in seen:
            seen.add(pk)
            ids.append(pk)
    return ids


def respond(
    request: HttpRequest, export: Export, queryset: QuerySet[Any], context: dict[str, Any] | None = None
) -> HttpResponseBase:
    """The export of ``queryset``: the file itself when small, else a background job's page (with the
    immediate backend of the tests, the made file streamed at once)."""
    actor_id = request.user.pk
    if actor_id is None:  # every list that exports asks for a sign-in first
        raise PermissionDenied
    context = dict(context or {})
    ids = _ids(queryset)
    filename = export_filename(export)
    if len(ids) <= inline_limit():
        content = write(export, _fetch_all(export, request.user, ids), context)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "no-store"
        return response
    result = build_export.enqueue(export.name, actor_id, ids, context, filename)

    if database_backend() is None:  # the immediate backend (tests): made by the enqueue
        value = result.return_value
        artifact = artifacts.find(value["key"])
        if artifact is None:
            raise Http404
        return artifacts.serve(artifact, value["filename"])
    return redirect("exports:status", pk=result.id)


def export_filename(export: Export) -> str:
    # fold first: slugify drops đ (it has no ASCII decomposition), "Đánh giá" would become "anh-gia".
    return f"{slugify(fold(str(export.title))) or 'danh-sach'}-{timezone.localdate():%Y%m%d}.xlsx"


def _fetch_all(export: Export, user: Any, ids: list[int]) -> Iterator[list[Any]]:
    for start in range(0, len(ids), CHUNK):
        yield _fetch(export, user, ids[start : start + CHUNK])


def _fetch(export: Export, user: Any, ids: list[int]) -> list[Any]:
    """One batch of objects by id, in the given order, through the requester's scope."""
    scoped = scoped_rows(export.model).for_user(user, export.action)
    found = {obj.pk: obj for obj in export.related(scoped.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def _cell(sheet: Any, value: Any, kind: str) -> Any:
    if value is None or value == "":
        return WriteOnlyCell(sheet, None)
    if kind == BOOL:
        value = _("Có") if value else _("Không")
    elif kind == DATETIME and isinstance(value, dt.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    elif kind in (INT, VND) and not isinstance(value, int):
        value = int(Decimal(str(value)))
    elif kind == DECIMAL and isinstance(value, (Decimal, str)):
        value = float(Decimal(str(value)))
    if isinstance(value, str) or (kind == TEXT and not isinstance(value, (int, float, dt.date))):
        text = str(value)
        cell = WriteOnlyCell(sheet, text)
        # Stored as text, never a formula; a leading = + - @ is marked so Excel keeps it text.
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
        return cell
    cell = WriteOnlyCell(sheet, value)
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


def write(
    export: Export,
    batches: Iterable[list[Any]],
    context: dict[str, Any],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The workbook (write-only mode: memory stays flat however many rows)."""
    columns = export.columns(context)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(export.title)[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, str(column.header))
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    done = 0
    for batch in batches:
        for values in export.rows(batch, context):
            sheet.append([_cell(sheet, v, c.kind) for v, c in zip(values, columns, strict=True)])
        done += len(batch)
        if progress is not None:
            progress(done)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@task(queue_name="documents")
def build_export(
    name: str, user_id: int, ids: list[int], context: dict[str, Any], filename: str
) -> dict[str, Any]:
    """Write a large export in the background and store it; returns the stored file's key.

    Idempotent: the key is the job's id, so a second attempt finds the stored file.
    """

    export = get(name)
    job_id = _current_job.get() or uuid.uuid4().hex
    key = f"export-{job_id}"
    if artifacts.find(key) is None:
        user = User.objects.get(pk=user_id)
        total = len(ids)
        report_progress(0, total)
        content = write(
            export,
            _fetch_all(export, user, ids),
            context,
            progress=lambda done: report_progress(done, total),
        )
        artifacts.store(key, content, XLSX, filename)
    forget_old_exports()
    return {"key": key, "filename": filename, "rows": len(ids)}


KEEP = dt.timedelta(days=1)


def forget_old_exports() -> int:
    """Delete stored exports older than a day (they hold personal data; a new export is a click away)."""

    old = list(Artifact.objects.filter(key__startswith="export-", created_at__lt=timezone.now() - KEEP))
    for artifact in old:
        artifact.file.delete(save=False)
        artifact.delete()
    return len(old)
