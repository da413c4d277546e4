"""What the API writes the pages show, and what the pages write the API returns (one code path)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, Evidence
from tiepcan.assessments.tests import test_cycle
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.models import OutputDocument, ProgressReport
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db
cycle = test_cycle.cycle  # a 2026 period of province P1, evidence in a throw-away folder


def _api(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(token: str, url: str, body: dict[str, Any]) -> Any:
    return Client().post(url, json.dumps(body), content_type="application/json", **_api(token))


def _page_value(client: Client, assessment: Assessment, indicator: str, field: str) -> Any:
    page = client.get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}))
    for criterion in page.context["criteria"]:
        for item in criterion["indicators"]:
            if item["code"] == indicator:
                return next(f["value"] for f in item["fields"] if f["name"] == field)
    raise AssertionError(indicator)


def test_a_value_saved_through_the_api_shows_on_the_page(
    cycle: World, key_for: Callable[..., str], login: Callable[..., Client]
) -> None:
    officer = cycle.users[Role.COMMUNE_OFFICER]
    assessment = own(cycle)
    token = key_for(officer)
    url = f"/api/v1/assessments/{assessment.pk}/values"
    answer = _post(
        token, url, {"version": assessment.version, "indicator": "3.1", "field": "villages", "value": 59}
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["values"]["3.1"] == {"villages": 59}
    assert _page_value(login(officer), assessment, "3.1", "villages") == 59
    # The same version again is stale: 409, and nothing changes.
    stale = _post(
        token, url, {"version": assessment.version, "indicator": "3.1", "field": "villages", "value": 1}
    )
    assert stale.status_code == 409
    assessment.refresh_from_db()
    assert assessment.values["3.1"] == {"villages": 59}


def test_a_refused_value_answers_422_with_the_indicator_and_field(
    cycle: World, key_for: Callable[..., str]
) -> None:
    assessment = own(cycle)
    answer = _post(
        key_for(cycle.users[Role.COMMUNE_OFFICER]),
        f"/api/v1/assessments/{assessment.pk}/values",
        {"version": assessment.version, "indicator": "3.1", "field": "villages", "value": -5},
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail["indicator"] == "3.1" and detail["field"] == "villages"
    assert "không được âm" in detail["message"]


def test_a_value_saved_on_the_page_is_returned_by_the_api(
    cycle: World, key_for: Callable[..., str], login: Callable[..., Client]
) -> None:
    officer = cycle.users[Role.COMMUNE_OFFICER]
    assessment = own(cycle)
    client = login(officer)
    saved = client.post(
        reverse("assessments:autosave", kwargs={"pk": assessment.pk}),
        {
            "version": assessment.version,
            "indicator": "3.1",
            "field": "villages",
            "v-villages": "42",
            "v-teams": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    body = Client().get(f"/api/v1/assessments/{assessment.pk}", **_api(key_for(officer))).json()
    assert body["values"]["3.1"]["villages"] == 42
    assert body["version"] == assessment.version + 1
    assert body["unit"]["code"] == "90010"  # the official code of Xã Đồng Tâm


def test_a_document_list_is_edited_through_the_same_service_as_the_page(
    cycle: World, key_for: Callable[..., str], login: Callable[..., Client]
) -> None:
    from tiepcan.assessments import services

    officer = cycle.users[Role.COMMUNE_OFFICER]
    assessment = own(cycle)
    framework = services.compiled(assessment.period)
    indicator, field = next(
        (i.code, f["name"]) for i in framework.indicators() for f in i.fields if f["type"] == "documents"
    )
    token = key_for(officer)
    url = f"/api/v1/assessments/{assessment.pk}/documents"
    added = _post(
        token,
        url,
        {
            "version": assessment.version,
            "indicator": indicator,
            "field": field,
            "title": "Kế hoạch phổ biến pháp luật năm 2026",
            "issued_on": "15/01/2026",
        },
    )
    assert added.status_code == 200, added.content
    rows = _page_value(login(officer), assessment, indicator, field)
    assert rows == [
        {"title": "Kế hoạch phổ biến pháp luật năm 2026", "due_on": None, "issued_on": "2026-01-15"}
    ]
    removed = _post(
        token,
        f"{url}/remove",
        {"version": added.json()["version"], "indicator": indicator, "field": field, "index": 0},
    )
    assert removed.status_code == 200
    assert removed.json()["values"][indicator][field] == []


def test_steps_taken_through_the_api_appear_in_the_pages_history(
    cycle: World, key_for: Callable[..., str], login: Callable[..., Client]
) -> None:
    officer, chairman = cycle.users[Role.COMMUNE_OFFICER], cycle.users[Role.COMMUNE_CHAIRMAN]
    assessment = fill_completely(own(cycle), officer)
    url = f"/api/v1/assessments/{assessment.pk}/transitions"
    # The officer may not approve (the chairman's step): 403, as on the page.
    assert _post(key_for(officer), url, {"to": Status.APPROVED}).status_code == 403
    answer = _post(key_for(chairman), url, {"to": Status.APPROVED})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == Status.APPROVED
    page = login(officer).get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}))
    assert [(t.from_status, t.to_status, t.actor) for t in page.context["transitions"]] == [
        (Status.DRAFT, Status.APPROVED, chairman)
    ]
    history = Client().get(f"/api/v1/assessments/{assessment.pk}", **_api(key_for(officer))).json()["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [("draft", "approved")]


def test_evidence_uploaded_through_the_api_passes_the_pages_content_checks(
    cycle: World, key_for: Callable[..., str], login: Callable[..., Client]
) -> None:
    officer = cycle.users[Role.COMMUNE_OFFICER]
    assessment = own(cycle)
    token = key_for(officer)
    url = f"/api/v1/assessments/{assessment.pk}/evidence"
    disguised = SimpleUploadedFile("nghi-quyet.pdf", b"MZ\x90\x00 not a pdf")
    refused = Client().post(
        url, {"indicator": "1.1", "title": "Nghị quyết", "file": disguised}, **_api(token)
    )
    assert refused.status_code == 422
    pdf = SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF")
    answer = Client().post(url, {"indicator": "1.1", "title": "Nghị quyết", "file": pdf}, **_api(token))
    assert answer.status_code == 201, answer.content
    assert answer.json()["content_type"] == "application/pdf"
    page = login(officer).get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}))
    assert "Nghị quyết" in page.content.decode()
    assert Evidence.objects.filter(assessment=assessment, indicator="1.1").count() == 1


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_progress_reported_through_the_api_shows_on_the_task_page_and_the_reverse(
    world: World, key_for: Callable[..., str], login: Callable[..., Client], media: None
) -> None:
    build_plan(world)
    focal = world.users[Role.AGENCY_FOCAL_POINT]
    task = world.tasks["stp1"]
    token = key_for(focal)
    url = f"/api/v1/tasks/{task.pk}/progress"
    answer = Client().post(
        url,
        {
            "version": task.version,
            "progress": 40,
            "status": TaskStatus.IN_PROGRESS,
            "note": "Đã dự thảo văn bản.",
            "output_kind": "guidance_document",
            "output_title": "Hướng dẫn đánh giá năm 2026",
            "output_number": "15/HD-STP",
            "output_issued_on": "10/03/2026",
            "output_issuer": "Sở Tư pháp",
            "output_file": SimpleUploadedFile("Hướng dẫn.pdf", PDF),
        },
        **_api(token),
    )
    assert answer.status_code == 201, answer.content
    written = answer.json()["documents"]
    assert [(d["kind"], d["title"], d["number"], d["issued_on"]) for d in written] == [
        ("guidance_document", "Hướng dẫn đánh giá năm 2026", "15/HD-STP", "2026-03-10")
    ]
    assert written[0]["file"]["content_type"] == "application/pdf"
    assert written[0]["file"]["size"] == len(PDF)
    assert written[0]["file"]["name"].endswith(".pdf")
    # The task page lists the document and its link, and the link serves the same bytes.
    document = OutputDocument.objects.get(report__task=task)
    client = login(focal)
    page = client.get(reverse("plans:task_detail", kwargs={"pk": task.pk})).content.decode()
    assert "Đã dự thảo văn bản." in page
    assert "15/HD-STP – Hướng dẫn đánh giá năm 2026" in page
    assert reverse("plans:output_download", kwargs={"pk": document.pk}) in page
    downloaded = client.get(reverse("plans:output_download", kwargs={"pk": document.pk}))
    assert downloaded.getvalue() == PDF
    # The reverse: a report with a picture written on the page, read through the API.
    task.refresh_from_db()
    sent = client.post(
        reverse("plans:task_detail", kwargs={"pk": task.pk}),
        {
            "version": task.version,
            "status": TaskStatus.DONE,
            "progress": 100,
            "note": "Đã ban hành.",
            "output_kind": "news_articles_photos",
            "output_title": "Ảnh hội nghị",
            "output_file": SimpleUploadedFile("hoi-nghi.png", PNG),
        },
    )
    assert sent.status_code == 302
    body = Client().get(f"/api/v1/tasks/{task.pk}", **_api(token)).json()
    assert (body["status"], body["progress"]) == ("done", 100)
    assert [r["note"] for r in body["reports"]] == ["Đã ban hành.", "Đã dự thảo văn bản."]
    latest = body["reports"][0]["documents"]
    assert [(d["kind"], d["kind_label"], d["title"]) for d in latest] == [
        ("news_articles_photos", "Tin, bài, ảnh", "Ảnh hội nghị")
    ]
    assert (latest[0]["file"]["content_type"], latest[0]["file"]["size"]) == ("image/png", len(PNG))
    # The API's download link serves it with the key, and to nobody outside the task's province.
    fetched = Client().get(latest[0]["file"]["url"], **_api(token))
    assert fetched.status_code == 200
    assert fetched["Content-Type"] == "image/png"
    assert fetched.getvalue() == PNG
    assert Client().get(latest[0]["file"]["url"]).status_code == 401
    outsider = key_for(world.users["outsider"])
    assert Client().get(latest[0]["file"]["url"], **_api(outsider)).status_code == 404


@pytest.mark.parametrize(
    ("upload", "extra", "message"),
    [
        # A program renamed to .pdf: the bytes decide, not the name.
        (
            lambda: SimpleUploadedFile(
                "bao-cao.pdf", b"MZ\x90\x00\x03 This program cannot be run in DOS mode"
            ),
            {},
            "không đúng định dạng cho phép",
        ),
        # A type outputs do not take (plain text), under its own name.
        (lambda: SimpleUploadedFile("ghi-chu.txt", b"ghi chu"), {}, "không đúng định dạng cho phép"),
        # A PNG named .pdf.
        (lambda: SimpleUploadedFile("anh.pdf", PNG), {}, "không khớp nội dung"),
        # Over the size limit (lowered to 1 KB for the test).
        (lambda: SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048), {}, "vượt giới hạn"),
        (lambda: SimpleUploadedFile("rong.pdf", b""), {}, "không có nội dung"),
        # A file without the document's title and kind.
        (
            lambda: SimpleUploadedFile("bao-cao.pdf", PDF),
            {"output_title": "", "output_kind": ""},
            "Hãy ghi trích yếu của sản phẩm",
        ),
    ],
)
def test_a_hostile_output_upload_is_refused_in_vietnamese_and_nothing_is_written(
    world: World,
    key_for: Callable[..., str],
    media: None,
    settings: Any,
    upload: Callable[[], SimpleUploadedFile],
    extra: dict[str, str],
    message: str,
) -> None:
    settings.UPLOAD_MAX_BYTES = 1024
    build_plan(world)
    task = world.tasks["stp1"]
    form = {
        "version": task.version,
        "progress": 40,
        "status": TaskStatus.IN_PROGRESS,
        "note": "Đã dự thảo.",
        "output_kind": "report",
        "output_title": "Báo cáo",
        "output_file": upload(),
        **extra,
    }
    answer = Client().post(
        f"/api/v1/tasks/{task.pk}/progress", form, **_api(key_for(world.users[Role.AGENCY_FOCAL_POINT]))
    )
    assert answer.status_code == 422, answer.content
    assert message in answer.json()["detail"]
    assert not ProgressReport.objects.filter(task=task).exists()
    task.refresh_from_db()
    assert task.progress == 0


def test_open_data_lists_recognised_communes_without_a_key(cycle: World) -> None:
    from datetime import date

    from django.utils import timezone

    from tiepcan.assessments.models import DecisionEntry, RecognitionDecision

    assessment = own(cycle)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.RECOGNISED, posted_at=timezone.now())
    decision = RecognitionDecision.objects.create(
        period=cycle.periods["own"],
        number="12/QĐ-UBND",
        signed_on=date(2027, 1, 20),
        issuer_name="Ủy ban nhân dân tỉnh",
        place="Thử Nghiệm",
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
        created_by=cycle.users[Role.SYSTEM_ADMIN],
    )
    DecisionEntry.objects.create(decision=decision, assessment=assessment, total=0)
    from tiepcan.reports import summaries

    summaries.sync(
        [assessment.pk]
    )  # what the services do in the transaction of a step (written by hand above)
    body = Client().get("/api/v1/public/recognised?year=2026&province=91").json()
    assert [(row["unit"]["code"], row["province"]["code"]) for row in body["items"]] == [("90010", "91")]
    assert Client().get("/api/v1/public/recognised?province=92").json()["count"] == 0
    decisions = Client().get("/api/v1/public/decisions?year=2026").json()["items"]
    assert [(d["number"], d["communes"]) for d in decisions] == [("12/QĐ-UBND", 1)]
    aggregates = Client().get("/api/v1/public/aggregates?year=2026").json()
    assert aggregates == [
        {
            "year": 2026,
            "province": {
                "id": cycle.units["P1"].pk,
                "code": "91",
                "name": "Tỉnh Thử Nghiệm",
                "kind": "tinh",
                "level": 1,
            },
            "posted": 1,
            "recognised": 1,
            "not_recognised": 0,
            "revoked": 0,
        }
    ]
