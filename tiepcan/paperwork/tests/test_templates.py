"""A province replaces a form's layout: checked before it is accepted, versions kept, one active, audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.paperwork import builder, engine, services
from tiepcan.paperwork.models import FormTemplate
from tiepcan.paperwork.tests.test_forms_render import docx_text
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def template_with(*lines: str) -> bytes:
    document = Document(BytesIO(builder.default_template("02")))
    for line in lines:
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def post(client, world: World, content: bytes, name: str = "mau-02.docx"):
    return client.post(
        reverse("paperwork:template_upload"),
        {
            "province": world.units["P1"].pk,
            "code": "02",
            "note": "Bố cục của tỉnh",
            "file": SimpleUploadedFile(name, content),
        },
        follow=True,
    )


def test_a_template_with_unknown_or_missing_fields_is_refused_with_their_names(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    page = post(client, world, template_with("{{ ten_chu_tich }} và {{ so_dien_thoai }}")).content.decode()
    assert "Trường không có trong Mẫu 02: so_dien_thoai, ten_chu_tich." in page
    missing = Document()
    missing.add_paragraph("{{ co_quan }}, {{ dia_danh_ngay }}")
    buffer = BytesIO()
    missing.save(buffer)
    page = post(client, world, buffer.getvalue()).content.decode()
    assert "Mẫu thiếu trường bắt buộc của Mẫu 02: don_vi, tong_diem, chi_tieu_phang." in page
    with pytest.raises(engine.TemplateProblem) as problem:
        engine.check_template("02", buffer.getvalue(), {})
    assert any("thiếu trường bắt buộc" in m and "tong_diem" in m for m in problem.value.messages)
    page = post(client, world, template_with("{% for x in %}")).content.decode()
    assert "lỗi cú pháp" in page
    page = post(client, world, b"%PDF-1.4 not a docx", name="mau.docx").content.decode()
    assert "không khớp nội dung" in page or "không đúng định dạng" in page
    # The sandbox: a template may not reach into Python objects.
    page = post(client, world, template_with("{{ tieu_chi.__class__.__mro__ }}")).content.decode()
    assert FormTemplate.objects.count() == 0


def test_an_accepted_template_becomes_active_old_versions_stay_and_all_is_audited(
    world: World, login
) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    first = post(client, world, template_with("Bản của tỉnh: {{ don_vi }}"))
    assert "Đã nhận Mẫu 02 phiên bản 1" in first.content.decode()
    post(client, world, template_with("Bản thứ hai: {{ don_vi }}"))
    versions = list(FormTemplate.objects.order_by("version"))
    assert [(v.version, v.is_active) for v in versions] == [(1, False), (2, True)]
    chosen = services.layout("02", world.units["P1"])
    assert chosen.custom and chosen.version == 2
    assert not services.layout("02", world.units["P2"]).custom  # another province keeps the built-in one
    client.post(reverse("paperwork:template_activate", kwargs={"pk": versions[0].pk}), {"active": "1"})
    assert services.layout("02", world.units["P1"]).version == 1
    client.post(reverse("paperwork:template_activate", kwargs={"pk": versions[0].pk}), {"active": "0"})
    assert not services.layout("02", world.units["P1"]).custom
    assert AuditEntry.objects.filter(content_type__model="formtemplate").count() >= 4
    listing = client.get(reverse("paperwork:form_list")).content.decode()
    assert "cần đối chiếu với Phụ lục II chính thức" in listing


def test_a_province_template_fills_the_form_and_its_pdf(world: World) -> None:
    from tiepcan.paperwork import contexts

    content = template_with("Dòng riêng của tỉnh cho {{ don_vi }}")
    sample = contexts.sample_context("02")
    sample["don_vi"] = "Xã Thử"
    layout = services.Layout("02", content, 3, True)
    docx = services.render("02", "docx", layout, sample)
    assert "Dòng riêng của tỉnh cho Xã Thử" in docx_text(docx)
    assert "tỉnh tải lên" in Document(BytesIO(docx)).core_properties.comments
    html = engine.docx_html(docx)
    assert "Dòng riêng của tỉnh cho Xã Thử" in html


def test_the_forms_page_reads_a_bounded_number_of_rows(world: World, login) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users[Role.PROVINCE_ADMIN])
    post(client, world, template_with("Bản một: {{ don_vi }}"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("paperwork:form_list"))
    for number in range(2, 8):
        post(client, world, template_with(f"Bản {number}: {{{{ don_vi }}}}"))
    with CaptureQueriesContext(connection) as seven:
        client.get(reverse("paperwork:form_list"))
    assert len(seven.captured_queries) == len(one.captured_queries) <= 20


def test_the_pdf_is_drawn_from_the_docx_words_and_nothing_else(world: World) -> None:
    import html as html_lib
    import re

    from tiepcan.paperwork import contexts

    sample = contexts.sample_context("02")
    sample.update(don_vi="Xã Thử", tong_diem="12,50")
    for layout in (
        services.Layout("02", builder.default_template("02"), 0, False),
        services.Layout("02", template_with("Dòng riêng {{ don_vi }}: {{ tong_diem }} điểm"), 2, True),
    ):
        docx = services.render("02", "docx", layout, sample)
        drawn = html_lib.unescape(re.sub(r"<[^>]+>", " ", engine.docx_html(docx).split("</style>", 1)[1]))
        assert set(drawn.split()) == set(docx_text(docx).split())
