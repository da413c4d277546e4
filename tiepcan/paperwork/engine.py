"""Fill a form's .docx template (docxtpl, sandboxed Jinja) and make its PDF from the filled .docx.

The PDF is never rendered from the data separately: it is drawn from the rendered .docx itself
(its paragraphs and tables in body order, with bold, italic, alignment and page orientation),
so it cannot say anything the .docx does not, whether the template is built in or uploaded by
a province. Headers, footers, images and text boxes of an uploaded template are not carried
into the PDF (it then says less, never more); the .docx stays the document of record.
"""

from __future__ import annotations

import html
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from tiepcan.paperwork.catalog import FORMS, UNVERIFIED_LAYOUT


class TemplateProblem(Exception):
    """An uploaded template that cannot be accepted; ``messages`` are Vietnamese."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _environment() -> SandboxedEnvironment:
    # Sandboxed: an uploaded template can read the plain data it is given and nothing else.
    return SandboxedEnvironment(autoescape=True)


def placeholders(template: bytes) -> set[str]:
    """The top-level names a template uses (``{{ don_vi }}``, ``{%tr for c in tieu_chi %}``…)."""
    return set(DocxTemplate(BytesIO(template)).get_undeclared_template_variables(jinja_env=_environment()))


def render_docx(
    template: bytes, context: dict[str, Any], *, properties: dict[str, str] | None = None
) -> bytes:
    document = DocxTemplate(BytesIO(template))
    document.render(context, jinja_env=_environment(), autoescape=True)
    props = document.docx.core_properties
    for name, value in (properties or {}).items():
        setattr(props, name, value)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_template(code: str, template: bytes, sample: dict[str, Any]) -> None:
    """Refuse a template whose placeholders are unknown to the form or miss what it must carry.

    It is also filled once with ``sample`` data (the demo of the form), so a syntax the sandbox
    refuses or a loop over a name that is not a list is found before anyone depends on it.
    """
    spec = FORMS[code]
    try:
        used = placeholders(template)
    except TemplateError as error:
        raise TemplateProblem(
            [_("Mẫu có lỗi cú pháp trường dữ liệu: %(e)s.") % {"e": getattr(error, "message", None) or error}]
        ) from error
    except Exception as error:  # a zip that is not a Word document inside
        raise TemplateProblem([_("Không đọc được tệp .docx.")]) from error
    problems = []
    unknown = sorted(used - set(spec.all_fields))
    missing = [name for name in spec.required if name not in used]
    if unknown:
        problems.append(
            _("Trường không có trong %(form)s: %(names)s.")
            % {"form": spec.number, "names": ", ".join(unknown)}
        )
    if missing:
        problems.append(
            _("Mẫu thiếu trường bắt buộc của %(form)s: %(names)s.")
            % {"form": spec.number, "names": ", ".join(missing)}
        )
    if problems:
        raise TemplateProblem(problems)
    try:
        render_docx(template, sample)
    except Exception as error:  # the sandbox's SecurityError, a type error in a loop…
        raise TemplateProblem(
            [_("Không điền thử được mẫu với dữ liệu mẫu: %(e)s.") % {"e": str(error)[:200]}]
        ) from error


def default_properties(code: str) -> dict[str, str]:
    spec = FORMS[code]
    return {"title": spec.label, "subject": spec.article, "comments": UNVERIFIED_LAYOUT}


# --- PDF from the rendered .docx --------------------------------------------------------------


def _runs_html(paragraph_el: Any) -> str:
    out = []
    for run in paragraph_el.iter(qn("w:r")):
        text = "".join(
            (node.text or "")
            if node.tag == qn("w:t")
            else ("\n" if node.tag in (qn("w:br"), qn("w:cr")) else "\t")
            for node in run
            if node.tag in (qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab"))
        )
        if not text:
            continue
        piece = html.escape(text).replace("\n", "<br>")
        props = run.find(qn("w:rPr"))
        if props is not None:
            if _on(props.find(qn("w:b"))):
                piece = f"<b>{piece}</b>"
            if _on(props.find(qn("w:i"))):
                piece = f"<i>{piece}</i>"
            if _on(props.find(qn("w:u"))):
                piece = f"<u>{piece}</u>"
        out.append(piece)
    return "".join(out)


def _on(element: Any) -> bool:
    if element is None:
        return False
    value = element.get(qn("w:val"))
    return value not in ("0", "false", "none")


def _paragraph_html(element: Any) -> str:
    align = ""
    jc = element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    if jc is not None:
        align = {"center": "center", "right": "right", "end": "right", "both": "justify"}.get(
            jc.get(qn("w:val")), ""
        )
    style = f' class="{align}"' if align else ""
    return f"<p{style}>{_runs_html(element) or '&nbsp;'}</p>"


def _table_html(element: Any) -> str:
    grid = element.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    bordered = grid is not None and "Grid" in (grid.get(qn("w:val")) or "")
    rows: list[str] = []
    head: list[str] = []
    for tr in element.iterchildren(qn("w:tr")):
        cells = []
        tcs = list(tr.iterchildren(qn("w:tc")))
        widths = [_width(tc) for tc in tcs]
        total = sum(widths) if all(widths) else 0
        for tc, width in zip(tcs, widths, strict=True):
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            colspan = f' colspan="{int(span.get(qn("w:val")))}"' if span is not None else ""
            # A print page, never served to a browser: an inline width is how the column's share travels.
            share = f' style="width:{100 * width / total:.1f}%"' if total else ""
            cells.append(f"<td{colspan}{share}>{_blocks_html(tc)}</td>")
        # A row marked "repeat as header row" in Word repeats on each PDF page too.
        repeat = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None and not rows
        (head if repeat else rows).append(f"<tr>{''.join(cells)}</tr>")
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return f'<table class="{"grid" if bordered else "plain"}">{thead}<tbody>{"".join(rows)}</tbody></table>'


def _width(tc: Any) -> int:
    width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    try:
        return (
            int(width.get(qn("w:w"))) if width is not None and width.get(qn("w:type")) in (None, "dxa") else 0
        )
    except (TypeError, ValueError):
        return 0


def _blocks_html(container: Any) -> str:
    parts = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            parts.append(_paragraph_html(child))
        elif child.tag == qn("w:tbl"):
            parts.append(_table_html(child))
    return "".join(parts)


def _landscape(sect_pr: Any) -> bool:
    size = sect_pr.find(qn("w:pgSz")) if sect_pr is not None else None
    if size is None:
        return False
    if size.get(qn("w:orient")) == "landscape":
        return True
    try:
        return int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
    except (TypeError, ValueError):
        return False


def docx_html(docx: bytes) -> str:
    """The filled .docx as print HTML: each Word section a run of A4 pages in its orientation."""
    body = Document(BytesIO(docx)).element.body
    sections: list[tuple[bool, list[str]]] = []
    current: list[str] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            current.append(_paragraph_html(child))
            sect = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sect is not None:  # the paragraph ends a section
                sections.append((_landscape(sect), current))
                current = []
        elif child.tag == qn("w:tbl"):
            current.append(_table_html(child))
        elif child.tag == qn("w:sectPr"):
            sections.append((_landscape(child), current))
            current = []
    if current:
        sections.append((False, current))
    pages = "".join(
        f'<section class="{"landscape" if wide else "portrait"}">{"".join(blocks)}</section>'
        for wide, blocks in sections
    )
    return f"<!doctype html><html lang=vi><head><meta charset=utf-8><style>{PRINT_CSS}</style></head><body>{pages}</body></html>"


PRINT_CSS = """
@page { size: A4 portrait; margin: 2cm 2cm 2cm 3cm; @top-center { content: counter(page); font: 12pt serif; } }
@page wide { size: A4 landscape; margin: 2cm; @top-center { content: counter(page); font: 12pt serif; } }
@page :first { @top-center { content: none; } }
section.landscape { page: wide; }
section + section { break-before: page; }
body { font-family: "Times New Roman", "Liberation Serif", "Tinos", serif; font-size: 13pt; line-height: 1.3; }
p { margin: 0 0 4pt 0; text-align: justify; white-space: pre-wrap; }
p.center { text-align: center; } p.right { text-align: right; } p.justify { text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 2pt 0 6pt 0; }
table.grid td { border: 0.5pt solid #000; padding: 2pt 4pt; font-size: 11.5pt; vertical-align: top; }
table.plain td { vertical-align: top; padding: 0 2pt; font-size: 12pt; }
td p { margin: 0; }
"""


def pdf_from_docx(docx: bytes) -> bytes:
    from weasyprint import HTML  # lazy: WeasyPrint takes ~1 s of CPU to import; only a PDF needs it
    from weasyprint.text.fonts import FontConfiguration  # lazy: WeasyPrint, only a PDF needs it

    return HTML(string=docx_html(docx)).write_pdf(font_config=FontConfiguration())
