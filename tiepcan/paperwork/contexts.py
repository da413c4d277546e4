"""The data of each form, as plain values: from a sent round, a council meeting, a decision, an area.

Only facts the application holds are written; what it does not hold (a report's number, the day
an official signs) is left as dotted blanks for the official to fill in the .docx. The Mẫu 09/10
aggregates are queried here (one query per table), independent of other summaries.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone, translation

from tiepcan.assessments import scoring
from tiepcan.assessments.choices import AttendeeGroup, MeetingKind, Status, SubmissionKind
from tiepcan.assessments.documents import decision_text, vn_date
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    CouncilScore,
    DecisionEntry,
    DossierSnapshot,
    PublicComment,
    RecognitionDecision,
    ReviewNote,
)
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.frameworks.display import unit_kinds_words
from tiepcan.lib.engine.numbers import to_decimal, vn
from tiepcan.paperwork.catalog import FORMS, UNVERIFIED_LAYOUT
from tiepcan.units.models import Unit

BLANK_NUMBER = "Số:        /"
BLANK_DATE = "ngày      tháng      năm"


def _place(unit: Unit) -> str:
    """The place name of Decree 30's date line: the unit's name without its kind (``Đồng Tâm``)."""
    if unit.short_name:
        return unit.short_name
    label = unit.get_kind_display()
    name = unit.name
    return name[len(label) + 1 :] if name.lower().startswith(str(label).lower() + " ") else name


def _date_line(unit: Unit, day: date | None, year: int | None = None) -> str:
    if day is not None:
        return f"{_place(unit)}, {vn_date(day)}"
    return f"{_place(unit)}, {BLANK_DATE}{f' {year}' if year else ''}"


def _people_committee(unit: Unit) -> str:
    return f"ỦY BAN NHÂN DÂN {unit.name}".upper()


def _points(value: Any, pass_fail: bool) -> str:
    return vn(to_decimal(value or 0), 0 if pass_fail else 2)


def _common(code: str, **values: Any) -> dict[str, Any]:
    spec = FORMS[code]
    base = {
        "mau_so": spec.number,
        "co_quan_chu_quan": "",
        "so_ky_hieu": "",
        "ten_loai": "",
        "trich_yeu": spec.title,
        "noi_nhan": ["- Lưu: VT."],
        "ky_chuc_vu": [],
        "ky_ten": "",
        "ghi_chu_bo_cuc": UNVERIFIED_LAYOUT,
    }
    base.update(values)
    return base


# --- a sent round: Mẫu 01–04 ----------------------------------------------------------------------


def _criteria(score: dict[str, Any], pass_fail: bool) -> list[dict[str, Any]]:
    indicators = score.get("indicators", [])
    out = []
    for criterion in score.get("criteria", []):
        rows = [
            {
                "ma": i["code"],
                "ten": i["title"],
                "diem": _points(i["points"], pass_fail),
                "toi_da": _points(i["max_points"], pass_fail),
                "dien_giai": i.get("reason", ""),
            }
            for i in indicators
            if i.get("criterion") == criterion["code"]
        ]
        out.append(
            {
                "ma": criterion["code"],
                "ten": criterion["title"],
                "diem": _points(criterion["points"], pass_fail),
                "toi_da": _points(criterion["max_points"], pass_fail),
                "dat": "Đạt" if criterion.get("passed") else "Chưa đạt",
                "chi_tieu": rows,
            }
        )
    return out


def _legal_documents(definition: dict[str, Any]) -> str:
    """``Quyết định số 25/2021/QĐ-TTg và Thông tư số 09/2021/TT-BTP``: the framework's own legal bases."""
    names = []
    for basis in definition.get("legal_basis", []):
        kind = next(
            (k for k in ("Quyết định", "Thông tư") if basis.get("title", "").startswith(k + " ")), None
        )
        if kind and basis.get("number"):
            names.append(f"{kind} số {basis['number']}")
    if not names:
        return "các quy định về xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def round_context(code: str, snapshot: DossierSnapshot) -> dict[str, Any]:
    assessment = snapshot.assessment
    unit, period = assessment.unit, assessment.period
    framework = scoring.compiled(period)
    authority = authority_of(framework.data)
    pass_fail = framework.pass_fail
    score = snapshot.score or {}
    criteria = _criteria(score, pass_fail)
    flat = []
    for criterion in criteria:
        flat.append(
            {
                "ma": criterion["ma"],
                "ten": criterion["ten"].upper(),
                "diem": criterion["diem"],
                "toi_da": criterion["toi_da"],
                "dien_giai": criterion["dat"],
            }
        )
        flat.extend(criterion["chi_tieu"])
    recognition = assessment.submission_kind != SubmissionKind.REPORT_ONLY
    titles = {
        "01": "BÁO CÁO",
        "02": "BẢN TỔNG HỢP",
        "03": "BẢN TỔNG HỢP",
        "04": "PHIẾU LẤY Ý KIẾN VÀ BẢN TỔNG HỢP",
    }
    summaries = {
        "01": f"Đánh giá kết quả{' và đề nghị công nhận' if recognition else ''} {unit.name} đạt chuẩn tiếp cận "
        f"pháp luật năm {period.year}",
        "02": f"Điểm số của các tiêu chí, chỉ tiêu tiếp cận pháp luật năm {period.year} của {unit.name}",
        "03": f"Tiếp thu, giải trình ý kiến về kết quả đánh giá đạt chuẩn tiếp cận pháp luật năm {period.year} "
        f"của {unit.name}",
        "04": "Về hình thức, mô hình thông tin, phổ biến, giáo dục pháp luật hiệu quả tại cơ sở "
        f"năm {period.year} của {unit.name}",
    }
    reviewer = "Phòng Tư pháp" if authority.review_level == Level.DISTRICT else "Sở Tư pháp"
    context = _common(
        code,
        co_quan=_people_committee(unit),
        so_ky_hieu=f"{BLANK_NUMBER}BC-UBND" if code == "01" else "",
        dia_danh_ngay=_date_line(unit, None, period.year + 1 if code == "01" else None),
        ten_loai=titles[code],
        trich_yeu=summaries[code],
        nam=str(period.year),
        noi_nhan=[f"- {reviewer};", "- Lưu: VT."],
        ky_chuc_vu=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        ky_ten="",
        don_vi=unit.name,
        lan_gui=str(snapshot.round),
        gui_luc=timezone.localtime(snapshot.submitted_at).strftime("%H:%M %d/%m/%Y"),
        nguoi_gui=snapshot.submitted_by.full_name if snapshot.submitted_by_id else "",
        bo_tieu_chi=framework.title,
        tong_diem=_points(score.get("total"), pass_fail),
        diem_toi_da=_points(score.get("max_total"), pass_fail),
        ket_luan=score.get("verdict", ""),
        ly_do=list(score.get("reasons", [])),
        tieu_chi=criteria,
        van_ban=_legal_documents(framework.data),
    )
    if code == "01":
        context.update(_report_facts(snapshot, framework, recognition, reviewer, authority))
    elif code == "02":
        context["chi_tieu_phang"] = flat
    elif code == "03":
        context.update(_comments(snapshot))
    elif code == "04":
        context.update(_models_indicator(framework, score, pass_fail))
    return context


def _report_facts(
    snapshot: DossierSnapshot, framework: Any, recognition: bool, reviewer: str, authority: Any
) -> dict[str, Any]:
    assessment = snapshot.assessment
    facts = snapshot.facts or {}
    conditions = []
    for item in framework.recognition.get("disqualifiers", []):
        questions = item.get("facts") or [{"code": item["code"], "label": item["text"], "disqualifies": True}]
        hit = any(facts.get(q["code"]) and q.get("disqualifies", True) for q in questions)
        conditions.append({"noi_dung": item["text"], "ket_qua": "Không đáp ứng" if hit else "Đáp ứng"})
    posting_lines: list[str] = []
    posting = getattr(assessment, "posting", None)
    if posting is not None:
        office = f"Niêm yết tại trụ sở Ủy ban nhân dân từ {posting.office_from:%d/%m/%Y}"
        if posting.office_until:
            office += f" đến {posting.office_until:%d/%m/%Y}"
        posting_lines.append(office)
        mode = f"{posting.get_mode_display()} từ {posting.mode_from:%d/%m/%Y}"
        if posting.mode_until:
            mode += f" đến {posting.mode_until:%d/%m/%Y}"
        if posting.portal_url:
            mode += f" ({posting.portal_url})"
        if posting.radio_dates:
            mode += "; các ngày thông báo: " + ", ".join(
                date.fromisoformat(d).strftime("%d/%m/%Y") for d in posting.radio_dates
            )
        posting_lines.append(mode)
    meeting_lines: list[str] = []
    meeting = getattr(assessment, "commune_meeting", None)
    if meeting is not None:
        labels = dict(AttendeeGroup.choices)
        meeting_lines = [
            f"Ngày họp: {meeting.held_on:%d/%m/%Y}; chủ trì: {meeting.chair_name} ({meeting.get_chair_role_display()}).",
            "Thành phần: " + "; ".join(str(labels.get(g, g)) for g in meeting.attendee_groups) + ".",
            f"Người dự họp: {meeting.attendees}",
            f"Kết quả: {meeting.outcome}",
        ]
    comments = _visible_comments(snapshot).count()
    return {
        "de_nghi": recognition,
        "loai_ho_so": str(SubmissionKind(assessment.submission_kind or SubmissionKind.RECOGNITION).label),
        "dieu_kien": conditions,
        "niem_yet": posting_lines,
        "so_y_kien": str(comments),
        "hop_xa": meeting_lines,
        "noi_gui": reviewer,
        "nguoi_co_tham_quyen": authority.recognition,
    }


def _visible_comments(snapshot: DossierSnapshot) -> Any:
    return PublicComment.objects.filter(
        assessment=snapshot.assessment, hidden=False, created_at__lte=snapshot.submitted_at
    ).order_by("created_at", "pk")


def _comments(snapshot: DossierSnapshot) -> dict[str, Any]:
    rows = [
        {
            "stt": str(index),
            "nguoi": c.author_name,
            "ngay": timezone.localtime(c.created_at).strftime("%d/%m/%Y"),
            "noi_dung": c.text,
            "giai_trinh": c.answer,
        }
        for index, c in enumerate(_visible_comments(snapshot), 1)
    ]
    notes = ReviewNote.objects.filter(assessment=snapshot.assessment, round__lt=snapshot.round).order_by(
        "round", "pk"
    )
    return {
        "y_kien": rows,
        "so_y_kien": str(len(rows)),
        "tong_hop": snapshot.comment_summary,
        "giai_trinh_tham_dinh": [
            {"chi_tieu": n.indicator, "yeu_cau": n.text, "giai_trinh": n.explanation} for n in notes
        ],
    }


def _models_indicator(framework: Any, score: dict[str, Any], pass_fail: bool) -> dict[str, Any]:
    """The indicator on dissemination forms and models (QĐ 25 Điều 3 khoản 2 điểm d), found by its words."""
    target = next(
        (i for i in framework.indicators() if "mô hình" in i.title.lower() and "phổ biến" in i.title.lower()),
        None,
    )
    points = {i["code"]: i for i in score.get("indicators", [])}
    if target is None:
        return {
            "chi_tieu_mo_hinh": "hình thức, mô hình thông tin, phổ biến, giáo dục pháp luật hiệu quả tại cơ sở",
            "diem_mo_hinh": "",
            "toi_da_mo_hinh": "",
            "dong_trong": [str(n) for n in range(1, 6)],
        }
    own = points.get(target.code, {})
    return {
        "chi_tieu_mo_hinh": f"chỉ tiêu {target.code} “{target.title}”",
        "diem_mo_hinh": _points(own.get("points"), pass_fail) if own else "",
        "toi_da_mo_hinh": _points(target.max_points, pass_fail),
        "dong_trong": [str(n) for n in range(1, 6)],
    }


# --- a council meeting: Mẫu 05, 06, 07 ------------------------------------------------------------


def _council_heading(period: AssessmentPeriod, assessments: list[Assessment]) -> tuple[str, str, Unit]:
    """(governing body, council name, the unit whose name dates the paper)."""
    framework = scoring.compiled(period)
    authority = authority_of(framework.data)
    unit: Unit = period.province
    if authority.council_level == Level.DISTRICT and assessments:
        paths = {a.unit.ancestor_ids()[1] for a in assessments if len(a.unit.ancestor_ids()) >= 3}
        if len(paths) == 1:
            unit = Unit.objects.get(pk=paths.pop())
    return _people_committee(unit), authority.council_name.upper(), unit


def _meeting_assessments(meeting: CouncilMeeting) -> list[Any]:
    return list(
        meeting.recommendations.select_related("assessment__unit", "assessment__period").order_by(
            "assessment__unit__name_sort"
        )
    )


def meeting_context(code: str, meeting: CouncilMeeting) -> dict[str, Any]:
    period = meeting.period
    framework = scoring.compiled(period)
    pass_fail = framework.pass_fail
    recommendations = _meeting_assessments(meeting)
    assessments = [r.assessment for r in recommendations]
    governing, council_name, unit = _council_heading(period, assessments)
    seats = list(CouncilMembership.objects.filter(period=period).select_related("user").order_by("pk"))
    secretary = next((s.user.full_name for s in seats if s.is_secretary), "")
    chair = meeting.chaired_by.full_name if meeting.chaired_by is not None else ""
    written = meeting.kind == MeetingKind.WRITTEN
    base = _common(
        code,
        co_quan_chu_quan=governing,
        co_quan=council_name,
        dia_danh_ngay=_date_line(unit, meeting.held_on),
        nam=str(period.year),
        hoi_dong=council_name,
        ngay_hop=f"{meeting.held_on:%d/%m/%Y}",
        ky_chuc_vu=["TM. HỘI ĐỒNG", "CHỦ TỊCH"] if code != "05" else [],
        ky_ten="",
    )
    rows = []
    for index, rec in enumerate(recommendations, 1):
        assessment = rec.assessment
        rows.append(
            {
                "stt": str(index),
                "don_vi": assessment.unit.name,
                "tong_xa": _points(assessment.total, pass_fail),
                "tong_diem": _points(rec.total, pass_fail),
                "tong": _points(rec.total, pass_fail),
                "ket_luan": rec.verdict,
                "de_nghi": "Đề nghị công nhận" if rec.recommend else "Không đề nghị công nhận",
                "tan_thanh": str(rec.votes_for),
                "khong_tan_thanh": str(rec.votes_against),
                "khong_bieu_quyet": str(rec.votes_abstain),
                "diem": [_points(rec.criterion_points.get(c.code, 0), pass_fail) for c in framework.criteria],
            }
        )
    if code == "05":
        attendees = list(meeting.attendees.all().order_by("full_name"))
        roles = {s.user_id: s.get_role_display() for s in seats}
        base.update(
            so_ky_hieu=f"{BLANK_NUMBER}BB-HĐ",
            ten_loai="BIÊN BẢN",
            trich_yeu=("Lấy ý kiến thành viên bằng văn bản" if written else "Cuộc họp")
            + f" {authority_of(framework.data).council_name} năm {period.year}",
            hinh_thuc=str(MeetingKind(meeting.kind).label),
            dia_diem=meeting.place or "",
            ngay_gui_tai_lieu=f"{meeting.papers_sent_on:%d/%m/%Y}" if meeting.papers_sent_on else "",
            chu_tri=chair,
            thu_ky=secretary,
            so_thanh_vien=str(len(seats)),
            so_du_hop=str(len(attendees)),
            du_hop=[{"ten": u.full_name, "vai_tro": str(roles.get(u.pk, ""))} for u in attendees],
            ho_so=rows,
            noi_dung=meeting.minutes,
            chu_tri_ky=f"(đã ký xác nhận {timezone.localtime(meeting.chair_signed_at):%d/%m/%Y})"
            if meeting.chair_signed_at
            else "",
            thu_ky_ky=f"(đã ký xác nhận {timezone.localtime(meeting.secretary_signed_at):%d/%m/%Y})"
            if meeting.secretary_signed_at
            else "",
        )
    elif code == "07":
        base.update(
            ten_loai="BẢN TỔNG HỢP",
            trich_yeu=f"Điểm số của các tiêu chí do Hội đồng thẩm định năm {period.year}",
            cot_tieu_chi=[c.code for c in framework.criteria],
            ho_so=rows,
        )
    elif code == "06th":
        base.update(_opinion_summary(meeting, framework, recommendations, rows, seats))
    return base


def _opinion_summary(
    meeting: CouncilMeeting,
    framework: Any,
    recommendations: list[Any],
    rows: list[dict[str, Any]],
    seats: list[CouncilMembership],
) -> dict[str, Any]:
    pass_fail = framework.pass_fail
    scores = list(
        CouncilScore.objects.filter(assessment__in=[r.assessment_id for r in recommendations])
        .select_related("member")
        .order_by("indicator", "member__full_name")
    )
    voices = sorted({s.member.full_name for s in scores})
    for row, rec in zip(rows, recommendations, strict=True):
        own = {i["code"]: i for i in rec.assessment.score.get("indicators", [])}
        mine = [s for s in scores if s.assessment_id == rec.assessment_id]
        items = []
        for indicator in framework.indicators():
            given = [s for s in mine if s.indicator == indicator.code]
            if not given:
                continue
            average = sum((s.points for s in given), Decimal(0)) / len(given)
            items.append(
                {
                    "ma": indicator.code,
                    "diem_xa": _points(own.get(indicator.code, {}).get("points"), pass_fail),
                    "y_kien": "; ".join(
                        f"{s.member.full_name}: {_points(s.points, pass_fail)}"
                        + (f" ({s.reason})" if s.reason else "")
                        for s in given
                    ),
                    "diem_tb": _points(average, pass_fail),
                }
            )
        row["tong_hoi_dong"] = row["tong"]
        row["chi_tieu"] = items
    return {
        "ten_loai": "BẢN TỔNG HỢP",
        "trich_yeu": f"Ý kiến thẩm định của thành viên Hội đồng năm {meeting.period.year}",
        "so_thanh_vien": str(len(seats)),
        "so_y_kien": str(len(voices)),
        "thanh_vien": voices,
        "ho_so": rows,
    }


def member_context(meeting: CouncilMeeting, seat: CouncilMembership) -> dict[str, Any]:
    """Mẫu 06: one member's written opinion on the dossiers of one consultation."""
    period = meeting.period
    framework = scoring.compiled(period)
    pass_fail = framework.pass_fail
    recommendations = _meeting_assessments(meeting)
    governing, council_name, unit = _council_heading(period, [r.assessment for r in recommendations])
    titles = {i.code: i for i in framework.indicators()}
    dossiers = []
    for rec in recommendations:
        scores = CouncilScore.objects.filter(
            assessment_id=rec.assessment_id, member_id=seat.user_id
        ).order_by("pk")
        dossiers.append(
            {
                "don_vi": rec.assessment.unit.name,
                "tong_xa": _points(rec.assessment.total, pass_fail),
                "y_kien": [
                    {
                        "chi_tieu": s.indicator,
                        "ten": titles[s.indicator].title if s.indicator in titles else "",
                        "diem": _points(s.points, pass_fail),
                        "toi_da": _points(titles[s.indicator].max_points, pass_fail)
                        if s.indicator in titles
                        else "",
                        "ly_do": s.reason,
                    }
                    for s in scores
                ],
            }
        )
    return _common(
        "06",
        co_quan_chu_quan=governing,
        co_quan=council_name,
        dia_danh_ngay=_date_line(unit, None, period.year + 1),
        nam=str(period.year),
        ten_loai="PHIẾU LẤY Ý KIẾN",
        trich_yeu=f"Thẩm định hồ sơ đề nghị công nhận đạt chuẩn tiếp cận pháp luật năm {period.year}",
        hoi_dong=council_name,
        thanh_vien=seat.user.full_name,
        vai_tro=str(seat.get_role_display()),
        chuc_danh=seat.position,
        ho_so=dossiers,
    )


# --- a decision: Mẫu 08 -----------------------------------------------------------------------------


def decision_context(decision: RecognitionDecision) -> dict[str, Any]:
    text = decision_text(decision)
    period = decision.period
    framework = scoring.compiled(period)
    with translation.override("vi"):
        kinds = unit_kinds_words(framework.data["applies_to"])
    entries = list(decision.entries.select_related("assessment__unit"))
    not_met = _not_met(period, [e.assessment for e in entries])
    return _common(
        "08",
        mau_so="",
        co_quan=text.issuer,
        so_ky_hieu=text.number,
        dia_danh_ngay=text.place_date,
        ten_loai=text.kind,
        trich_yeu=text.summary,
        nam=str(period.year),
        tham_quyen=text.authority,
        can_cu=text.bases,
        xet=text.considering,
        dieu=[{"so": lead, "noi_dung": body} for lead, body in text.articles],
        noi_nhan=text.recipients,
        ky_chuc_vu=text.signer_lines,
        ky_ten=text.signer_name,
        danh_sach_tieu_de=text.annex_subtitle,
        kem_theo=text.annex_reference,
        cot=text.columns,
        dat=text.rows,
        chua_dat_tieu_de=f"{kinds} chưa đạt chuẩn tiếp cận pháp luật năm {period.year}",
        chua_dat=[
            {
                "stt": str(i),
                "don_vi": a.unit.name,
                "tong_diem": _points(a.total, framework.pass_fail) if a.total is not None else "",
                "ly_do": reason,
            }
            for i, (a, reason) in enumerate(not_met, 1)
        ],
    )


NOT_MET: dict[str, str] = {
    Status.NOT_RECOMMENDED: "Hội đồng không đề nghị công nhận",
    Status.NOT_RECOGNISED: "Không được công nhận",
    Status.REVOKED: "Bị thu hồi công nhận",
}


def _not_met(period: AssessmentPeriod, recognised: list[Assessment]) -> list[tuple[Assessment, str]]:
    """Communes of the decision's area not meeting the standard: refused, or reporting only (TT 09 Điều 3.1.e)."""
    try:
        area = scoring.recognising_unit(period, recognised) if recognised else period.province
    except ValidationError:  # communes of several districts in one decision: list the province's
        area = period.province
    rows = Assessment.objects.filter(period=period, unit__path__startswith=area.path)
    out = []
    for assessment in rows.select_related("unit").order_by("unit__name_sort"):
        if assessment.status in NOT_MET:
            out.append((assessment, NOT_MET[assessment.status]))
        elif assessment.submission_kind == SubmissionKind.REPORT_ONLY and assessment.status not in (
            Status.DRAFT,
            Status.APPROVED,
            Status.POSTED,
            Status.RECOGNISED,
        ):
            out.append((assessment, "Chưa đủ điều kiện, chỉ gửi báo cáo"))
    return out


# --- an area in a period: Mẫu 09, 10 ---------------------------------------------------------------


def area_rows(period: AssessmentPeriod, area: Unit) -> list[Assessment]:
    return list(
        Assessment.objects.filter(period=period, unit__path__startswith=area.path)
        .select_related("unit")
        .prefetch_related(
            Prefetch("decision_entry", queryset=DecisionEntry.objects.select_related("decision"))
        )
        .order_by("unit__name_sort")
    )


def area_context(code: str, period: AssessmentPeriod, area: Unit) -> dict[str, Any]:
    framework = scoring.compiled(period)
    pass_fail = framework.pass_fail
    rows = area_rows(period, area)
    communes = Unit.objects.filter(path__startswith=area.path, valid_to__isnull=True).communes().count()
    scored = [a for a in rows if a.total is not None]
    base = _common(
        code,
        co_quan=_people_committee(area),
        dia_danh_ngay=_date_line(area, None, period.year + 1),
        nam=str(period.year),
        dia_ban=area.name,
        ky_chuc_vu=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        noi_nhan=["- Lưu: VT."],
    )
    if code == "09":
        criteria = []
        for criterion in framework.criteria:
            values = [
                to_decimal(c["points"])
                for a in scored
                for c in a.score.get("criteria", [])
                if c["code"] == criterion.code
            ]
            half = criterion.max_points / 2
            criteria.append(
                {
                    "ma": criterion.code,
                    "ten": criterion.title,
                    "toi_da": _points(criterion.max_points, pass_fail),
                    "so_xa": str(len(values)),
                    "trung_binh": _points(sum(values, Decimal(0)) / len(values), pass_fail) if values else "",
                    "so_dat_50": str(sum(1 for v in values if v >= half)),
                }
            )
        base.update(
            ten_loai="BẢN TỔNG HỢP",
            trich_yeu=f"Thông tin, số liệu thực hiện các tiêu chí, chỉ tiêu năm {period.year} "
            f"trên địa bàn {area.name}",
            so_xa=str(communes),
            so_co_diem=str(len(scored)),
            tieu_chi=criteria,
            cot_tieu_chi=[c.code for c in framework.criteria],
            xa=[
                {
                    "stt": str(i),
                    "don_vi": a.unit.name,
                    "trang_thai": str(Status(a.status).label),
                    "tong": _points(a.total, pass_fail) if a.total is not None else "",
                    "diem": [
                        _points(
                            next(
                                (c["points"] for c in a.score.get("criteria", []) if c["code"] == k.code), 0
                            ),
                            pass_fail,
                        )
                        for k in framework.criteria
                    ],
                    "cong_nhan": "Đạt chuẩn" if a.status == Status.RECOGNISED else "",
                }
                for i, a in enumerate(rows, 1)
            ],
        )
        return base
    recognised = [a for a in rows if a.status == Status.RECOGNISED]
    revoked = [a for a in rows if a.status == Status.REVOKED]
    not_met = [
        (a, NOT_MET.get(a.status, "Chưa đủ điều kiện, chỉ gửi báo cáo"))
        for a in rows
        if (a.status in NOT_MET and a.status != Status.REVOKED)
        or (
            a.submission_kind == SubmissionKind.REPORT_ONLY
            and a.status not in (Status.DRAFT, Status.APPROVED, Status.POSTED)
        )
    ]
    decisions: dict[int, dict[str, Any]] = {}
    for assessment in rows:
        entry = getattr(assessment, "decision_entry", None)
        if entry is not None:
            found = decisions.setdefault(
                entry.decision_id,
                {"so": entry.decision.number, "ngay": f"{entry.decision.signed_on:%d/%m/%Y}", "n": 0},
            )
            found["n"] += 1
    sent = [a for a in rows if a.status not in (Status.DRAFT, Status.APPROVED, Status.POSTED)]
    upper = "Bộ Tư pháp" if area.level == period.province.level else "Ủy ban nhân dân " + period.province.name
    base.update(
        so_ky_hieu=f"{BLANK_NUMBER}BC-UBND",
        ten_loai="BÁO CÁO",
        trich_yeu=f"Kết quả đánh giá, công nhận đạt chuẩn tiếp cận pháp luật năm {period.year}",
        noi_bao_cao=upper,
        noi_nhan=[f"- {upper};", "- Lưu: VT."],
        so_lieu=[
            {"noi_dung": "Tổng số đơn vị cấp xã trên địa bàn", "so": str(communes)},
            {"noi_dung": "Số đơn vị đã gửi hồ sơ, báo cáo", "so": str(len(sent))},
            {
                "noi_dung": "Số đơn vị đề nghị công nhận",
                "so": str(sum(1 for a in sent if a.submission_kind != SubmissionKind.REPORT_ONLY)),
            },
            {"noi_dung": "Số đơn vị được công nhận đạt chuẩn tiếp cận pháp luật", "so": str(len(recognised))},
            {"noi_dung": "Số đơn vị chưa đạt chuẩn tiếp cận pháp luật", "so": str(len(not_met))},
            {"noi_dung": "Số đơn vị bị thu hồi công nhận", "so": str(len(revoked))},
        ],
        quyet_dinh=[{"so": d["so"], "ngay": d["ngay"], "so_don_vi": str(d["n"])} for d in decisions.values()],
        dat=[
            {"stt": str(i), "don_vi": a.unit.name, "tong": _points(a.total, pass_fail)}
            for i, a in enumerate(recognised, 1)
        ],
        chua_dat=[{"stt": str(i), "don_vi": a.unit.name, "ly_do": r} for i, (a, r) in enumerate(not_met, 1)],
        thu_hoi=[
            {
                "don_vi": a.unit.name,
                "so": a.decision_entry.revocation_number,
                "ly_do": a.decision_entry.revocation_reason,
            }
            for a in revoked
            if getattr(a, "decision_entry", None)
        ],
    )
    return base


def sample_context(code: str) -> dict[str, Any]:
    """Made-up data of the right shapes, to fill an uploaded template once before accepting it."""
    row: dict[str, Any] = dict.fromkeys(
        (
            "stt",
            "ma",
            "ten",
            "diem",
            "toi_da",
            "dat",
            "dien_giai",
            "nguoi",
            "ngay",
            "noi_dung",
            "giai_trinh",
            "chi_tieu",
            "yeu_cau",
            "don_vi",
            "tong",
            "tong_xa",
            "tong_diem",
            "tong_hoi_dong",
            "ket_luan",
            "de_nghi",
            "tan_thanh",
            "khong_tan_thanh",
            "khong_bieu_quyet",
            "vai_tro",
            "trang_thai",
            "cong_nhan",
            "so",
            "so_don_vi",
            "ly_do",
            "so_xa",
            "trung_binh",
            "so_dat_50",
            "diem_xa",
            "diem_tb",
            "ket_qua",
        ),
        "1",
    )
    row.update(chi_tieu=[dict(row)], y_kien=[dict(row)], diem=["1"])
    context: dict[str, Any] = {}
    for name in FORMS[code].all_fields:
        context[name] = "1"
    for name in (
        "noi_nhan",
        "ky_chuc_vu",
        "ly_do",
        "niem_yet",
        "hop_xa",
        "can_cu",
        "cot",
        "cot_tieu_chi",
        "thanh_vien",
        "dong_trong",
    ):
        context[name] = ["1"]
    for name in (
        "tieu_chi",
        "chi_tieu_phang",
        "dieu_kien",
        "y_kien",
        "giai_trinh_tham_dinh",
        "ho_so",
        "du_hop",
        "dieu",
        "chua_dat",
        "xa",
        "so_lieu",
        "quyet_dinh",
        "thu_hoi",
    ):
        context[name] = [dict(row)]
    context["dat"] = [["1", "1"]] if code == "08" else [dict(row)]
    if code == "06":
        context["thanh_vien"] = "1"
    context["de_nghi"] = True
    return context
