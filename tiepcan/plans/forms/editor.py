"""Forms of the plan editor: they parse what people type; the checks are the plan file's own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.forms import field_of
from tiepcan.lib import plan_file, plan_schedule
from tiepcan.plans.choices import OutputKind, PlanRules
from tiepcan.plans.editor import UNIT_COMMITTEE_CLASSES, AmendmentInput, plan_data
from tiepcan.plans.forms.base import plan_year
from tiepcan.plans.models import Activity, ActivityGroup, Plan
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Agency, Unit
from tiepcan.units.widgets import AgencyScope, use_agency_picker

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]

SCHEDULE_KINDS = [
    ("yearly", _("Hằng năm")),
    ("quarter", _("Một quý của một năm")),
    ("year_range", _("Mỗi năm trong một khoảng năm")),
    ("years", _("Những năm cụ thể (sơ kết, tổng kết…)")),
    ("on_request", _("Theo yêu cầu, chỉ đạo")),
    ("legal_window", _("Theo thời hạn của văn bản quy phạm (kỳ đánh giá)")),
    ("periodic", _("Định kỳ (1, 3, 6 hoặc 12 tháng)")),
]
assert [k for k, _label in SCHEDULE_KINDS] == list(plan_schedule.KINDS)


class LinesField(forms.CharField):
    """One item a line (legal bases, purposes…), kept as a list of non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


def manageable_provinces(actor: Any) -> Any:
    return Unit.objects.for_user(actor, "manage_plan").filter(level=UnitLevel.PROVINCE).current()


class AmendmentFields(forms.Form):
    """The amending document, asked for when the plan is already published."""

    amendment_number = forms.CharField(label=_("Số, ký hiệu văn bản sửa đổi, bổ sung"), max_length=64)
    amendment_date = forms.DateField(label=_("Ngày văn bản sửa đổi"), widget=DATE, input_formats=DATE_FORMATS)
    amendment_summary = forms.CharField(
        label=_("Nội dung sửa đổi, bổ sung"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is None or plan.is_draft:
            for name in ("amendment_number", "amendment_date", "amendment_summary"):
                del self.fields[name]

    def amendment(self) -> AmendmentInput | None:
        if "amendment_number" not in self.fields:
            return None
        data = self.cleaned_data
        return AmendmentInput(data["amendment_number"], data["amendment_date"], data["amendment_summary"])


HEADER_FIELDS = (
    "number",
    "issued_on",
    "issuer",
    "signer_name",
    "signer_title",
    "title",
    "start_year",
    "end_year",
    "rules",
    "legal_bases",
    "purposes",
    "requirements",
    "notes",
)


class PlanHeaderForm(AmendmentFields):
    """A plan's own data; on creation also the province and, optionally, the plan to copy."""

    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Unit.objects.none())
    copy_from = forms.ModelChoiceField(
        label=_("Sao nội dung từ kế hoạch"),
        queryset=Plan.objects.none(),
        required=False,
        help_text=_(
            "Các nhóm, hoạt động và phân công được sao sang kế hoạch mới; thời gian dời theo giai đoạn mới."
        ),
    )
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=DATE, input_formats=DATE_FORMATS
    )
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Agency.objects.none())
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    title = forms.CharField(
        label=_("Tên kế hoạch"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)
    rules = forms.ChoiceField(
        label=_("Thực hiện quy định"), choices=[("", "—"), *PlanRules.choices], required=False
    )
    legal_bases = LinesField(label=_("Căn cứ (mỗi dòng một căn cứ)"), required=False, max_length=20000)
    purposes = LinesField(label=_("Mục đích (mỗi dòng một ý)"), required=False, max_length=20000)
    requirements = LinesField(label=_("Yêu cầu (mỗi dòng một ý)"), required=False, max_length=20000)
    notes = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    field_order = ["province", "copy_from", *HEADER_FIELDS]

    def __init__(self, *args: Any, actor: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.plan = plan
        provinces = manageable_provinces(actor)
        if plan is None:
            field_of(self, "province", forms.ModelChoiceField).queryset = provinces
            field_of(self, "copy_from", forms.ModelChoiceField).queryset = (
                Plan.objects.for_user(actor, "manage_plan").select_related("province").order_by("-start_year")
            )
            agencies = Agency.objects.filter(Q(unit__in=provinces) | Q(unit__isnull=True))
        else:
            del self.fields["province"]
            del self.fields["copy_from"]
            agencies = Agency.objects.filter(Q(unit=plan.province) | Q(unit__isnull=True))
        field_of(self, "issuer", forms.ModelChoiceField).queryset = agencies.select_related("unit").order_by(
            "unit_id", "name_sort"
        )
        # The list offers the agencies of the plan's years (this year for a new plan); the years
        # typed on the form are checked in clean().
        years = (plan.start_year, plan.end_year) if plan else timezone.localdate().year
        use_agency_picker(self.fields["issuer"], actor, years, narrow=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        province = self.plan.province if self.plan else data.get("province")
        issuer, copy_from = data.get("issuer"), data.get("copy_from")
        if province and issuer and issuer.unit_id not in (None, province.pk):
            self.add_error("issuer", _("Cơ quan ban hành không thuộc tỉnh đã chọn."))
        if province and copy_from and copy_from.province_id != province.pk:
            self.add_error("copy_from", _("Chỉ sao được kế hoạch của cùng tỉnh."))
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Năm kết thúc trước năm bắt đầu."))
        if issuer and start and end and end >= start and not issuer_in_force(issuer, start, end):
            self.add_error(
                "issuer",
                _("Cơ quan ban hành không hoạt động trong giai đoạn %(start)s–%(end)s.")
                % {"start": start, "end": end},
            )
        return data

    def header(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in HEADER_FIELDS}


def issuer_in_force(agency: Agency, start: int, end: int) -> bool:
    return Agency.objects.filter(pk=agency.pk).in_force_in(start, end).exists()


class GroupForm(AmendmentFields):
    number = forms.CharField(label=_("Số thứ tự nhóm (mục II)"), max_length=16)
    title = forms.CharField(
        label=_("Nội dung nhóm"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    field_order = ["number", "title"]


def agency_choices(plan: Plan) -> list[tuple[str, str]]:
    """The codes a plan of this province may name: its agencies, central bodies, classes of agencies."""
    own = plan_agencies(plan).order_by("unit_id", "name_sort")
    seen: dict[str, str] = {}
    for agency in own:
        seen.setdefault(agency.code, agency.name)
    classes = [
        (code, f"{name} ({_('nhóm cơ quan')})") for code, (_member, name) in plan_file.AGENCY_GROUPS.items()
    ]
    return [*seen.items(), *classes]


def plan_agencies(plan: Plan) -> Any:
    """The agencies a plan of this province may name: its own and the central bodies."""
    return Agency.objects.filter(Q(unit=plan.province) | Q(unit__isnull=True))


def agency_groups(plan: Plan) -> list[tuple[str, str]]:
    """The classes of agencies a plan may name; not one whose members the province had but which
    were all gone in the plan's years (the districts' committees in a 2026–2030 plan)."""
    members = [member for member, _name in plan_file.AGENCY_GROUPS.values() if member]
    local = Agency.objects.filter(code__in=members, unit__path__startswith=plan.province.path)
    known = set(local.values_list("code", flat=True))
    acting = set(local.in_force_in(plan.start_year, plan.end_year).values_list("code", flat=True))
    return [
        (code, name)
        for code, (member, name) in plan_file.AGENCY_GROUPS.items()
        if not member or member in acting or member not in known
    ]


def plan_agency_scope(plan: Plan, actor: Any) -> AgencyScope:
    """One signed list for every agency picker of a plan's page (codes; classes of agencies too)."""
    ids = list(plan_agencies(plan).values_list("pk", flat=True))
    scope = AgencyScope(
        ids,
        getattr(actor, "pk", None) or 0,
        (plan.start_year, plan.end_year),
        by_code=True,
        groups=agency_groups(plan),
    )
    scope.group_names = {code: name for code, (_member, name) in plan_file.AGENCY_GROUPS.items()}
    return scope


class ActivityForm(AmendmentFields):
    """An activity of Part II: content, agencies, a schedule of any kind the plan format knows, outputs."""

    group = forms.ModelChoiceField(label=_("Nhóm hoạt động"), queryset=ActivityGroup.objects.none())
    number = forms.IntegerField(label=_("Số hoạt động"), min_value=1, max_value=999)
    title = forms.CharField(
        label=_("Nội dung hoạt động"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    lead = forms.MultipleChoiceField(
        label=_("Cơ quan chủ trì"), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    coordinating = forms.MultipleChoiceField(
        label=_("Cơ quan phối hợp"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    schedule_kind = forms.ChoiceField(label=_("Loại lịch thực hiện"), choices=SCHEDULE_KINDS)
    year = forms.IntegerField(label=_("Năm (lịch theo quý)"), required=False, min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("Quý (1–4)"), required=False, min_value=1, max_value=4)
    year_from = forms.IntegerField(
        label=_("Từ năm (khoảng năm)"), required=False, min_value=2000, max_value=2100
    )
    year_to = forms.IntegerField(
        label=_("Đến năm (khoảng năm)"), required=False, min_value=2000, max_value=2100
    )
    years = forms.CharField(
        label=_("Những năm cụ thể"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một năm, có thể kèm nhãn: “2028: Sơ kết năm”."),
    )
    due_month = forms.IntegerField(label=_("Hạn hằng năm: tháng"), required=False, min_value=1, max_value=12)
    due_day = forms.IntegerField(label=_("Hạn hằng năm: ngày"), required=False, min_value=1, max_value=31)
    requested_by = forms.CharField(label=_("Theo yêu cầu của"), required=False, max_length=255)
    window_start_month = forms.IntegerField(
        label=_("Kỳ bắt đầu: tháng"), required=False, min_value=1, max_value=12
    )
    window_start_day = forms.IntegerField(
        label=_("Kỳ bắt đầu: ngày"), required=False, min_value=1, max_value=31
    )
    window_end_month = forms.IntegerField(
        label=_("Kỳ kết thúc: tháng"), required=False, min_value=1, max_value=12
    )
    window_end_day = forms.IntegerField(
        label=_("Kỳ kết thúc: ngày"), required=False, min_value=1, max_value=31
    )
    window_next_year = forms.BooleanField(label=_("Kỳ kết thúc vào năm sau"), required=False)
    citation = forms.CharField(label=_("Căn cứ thời hạn"), required=False, max_length=500)
    months = forms.TypedChoiceField(
        label=_("Chu kỳ (tháng)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), ("1", "1"), ("3", "3"), ("6", "6"), ("12", "12")],
    )
    ad_hoc = forms.BooleanField(label=_("Hoặc đột xuất"), required=False)
    schedule_text = forms.CharField(label=_("Thời gian thực hiện (như văn bản ghi)"), max_length=500)
    outputs = forms.MultipleChoiceField(
        label=_("Loại sản phẩm"),
        choices=OutputKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outputs_text = forms.CharField(
        label=_("Kết quả, sản phẩm (như văn bản ghi)"), max_length=500, required=False
    )
    notes = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    field_order = ["group", "number", "title", "lead", "coordinating", "schedule_kind"]

    def __init__(
        self, *args: Any, plan: Plan, activity: Activity | None = None, actor: Any = None, **kwargs: Any
    ) -> None:
        if activity is not None and not kwargs.get("initial"):
            kwargs["initial"] = initial_for(activity)
        super().__init__(*args, plan=plan, **kwargs)
        self.plan, self.activity = plan, activity
        field_of(self, "group", forms.ModelChoiceField).queryset = plan.groups.order_by("order")
        choices = agency_choices(plan)
        # Agencies in force during the plan's years, searched on the server; the codes the
        # activity already names stay accepted (an amendment need not re-pick them).
        scope = plan_agency_scope(plan, actor)
        for name in ("lead", "coordinating"):
            use_agency_picker(
                self.fields[name],
                actor,
                (plan.start_year, plan.end_year),
                agencies=plan_agencies(plan),
                groups=scope.groups,
                keep=list(self.initial.get(name) or []),
                scope=scope,
            )
        self.labels = dict(choices)
        self.own_labels: dict[str, str] = {}
        if activity is not None:
            for link in activity.agency_links.all():
                code = link.agency.code if link.agency is not None else link.group_code
                self.own_labels[f"{link.role}:{code}"] = link.label

    def _refs(self, role: str, codes: list[str]) -> list[dict[str, str]]:
        refs = []
        for code in codes:
            label = self.own_labels.get(f"{role}:{code}") or str(self.labels.get(code, code))
            label = label.replace(f" ({_('nhóm cơ quan')})", "")
            refs.append({"agency": code, "label": label})
        return refs

    def schedule(self) -> dict[str, Any]:
        """The schedule in the plan file's shape; fields that do not belong to the kind are ignored."""
        data = self.cleaned_data
        kind = data["schedule_kind"]
        out: dict[str, Any] = {"kind": kind}

        def put(key: str, value: Any, target: dict[str, Any] = out) -> None:
            if value is not None and value != "":
                target[key] = value

        if kind == "yearly" and data.get("due_month"):
            due: dict[str, Any] = {"month": data["due_month"]}
            put("day", data.get("due_day"), due)
            out["due"] = due
        elif kind == "quarter":
            put("year", data.get("year"))
            put("quarter", data.get("quarter"))
        elif kind == "year_range":
            put("from", data.get("year_from"))
            put("to", data.get("year_to"))
        elif kind == "years":
            out["items"] = self._years(data.get("years") or "")
        elif kind == "on_request":
            put("by", (data.get("requested_by") or "").strip())
        elif kind == "legal_window":
            if data.get("window_start_month"):
                start: dict[str, Any] = {"month": data["window_start_month"]}
                put("day", data.get("window_start_day"), start)
                out["start"] = start
            if data.get("window_end_month"):
                end: dict[str, Any] = {"month": data["window_end_month"]}
                put("day", data.get("window_end_day"), end)
                if data.get("window_next_year"):
                    end["year_offset"] = 1
                out["end"] = end
            put("citation", (data.get("citation") or "").strip())
        elif kind == "periodic":
            put("months", data.get("months"))
            if data.get("ad_hoc"):
                out["ad_hoc"] = True
        return out

    def _years(self, text: str) -> list[dict[str, Any]]:
        items = []
        for line in text.splitlines():
            if not line.strip():
                continue
            year_text, _sep, label = line.partition(":")
            year_text = year_text.strip()
            if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
                self.add_error(
                    "years", _("Dòng “%(line)s”: năm phải là số có bốn chữ số.") % {"line": line.strip()[:40]}
                )
                continue
            item: dict[str, Any] = {"year": int(year_text)}
            if label.strip():
                item["label"] = label.strip()
            items.append(item)
        return items

    def values(self) -> dict[str, Any]:
        """The activity in the plan file's shape (``tiepcan-plan/1``)."""
        data = self.cleaned_data
        item: dict[str, Any] = {
            "number": data["number"],
            "title": data["title"].strip(),
            "lead": self._refs("lead", data["lead"]),
        }
        coordinating = self._refs("coordinating", data.get("coordinating") or [])
        if coordinating:
            item["coordinating"] = coordinating
        item["schedule"] = self.schedule()
        item["schedule_text"] = data["schedule_text"].strip()
        item["outputs"] = list(data.get("outputs") or [])
        if data.get("outputs_text", "").strip():
            item["outputs_text"] = data["outputs_text"].strip()
        if data.get("notes", "").strip():
            item["notes"] = data["notes"].strip()
        return item

    # Where a problem of the plan file's check lands on this form.
    PROBLEM_FIELDS = {
        "number": "number",
        "title": "title",
        "lead": "lead",
        "coordinating": "coordinating",
        "schedule": "schedule_kind",
        "schedule_text": "schedule_text",
        "outputs": "outputs",
        "outputs_text": "outputs_text",
        "notes": "notes",
    }

    def add_problems(self, problems: list[plan_file.Problem]) -> None:
        for problem in problems:
            parts = problem.path.split(".")
            field = None
            for index, part in enumerate(parts):
                if part.startswith("activities[") and index + 1 < len(parts):
                    field = self.PROBLEM_FIELDS.get(parts[index + 1].split("[")[0])
            if field and field in self.fields:
                self.add_error(field, problem.message)
            else:
                self.add_error(None, str(problem))


def initial_for(activity: Activity) -> dict[str, Any]:
    """The form's fields from a stored activity."""
    schedule = activity.schedule or {}
    links = list(activity.agency_links.all())
    initial: dict[str, Any] = {
        "group": activity.group_id,
        "number": activity.number,
        "title": activity.title,
        "lead": [x.agency.code if x.agency is not None else x.group_code for x in links if x.role == "lead"],
        "coordinating": [
            x.agency.code if x.agency is not None else x.group_code for x in links if x.role == "coordinating"
        ],
        "schedule_kind": schedule.get("kind", "yearly"),
        "schedule_text": activity.schedule_text,
        "outputs": [o.get("kind") for o in activity.outputs],
        "outputs_text": activity.outputs_text,
        "notes": activity.notes,
    }
    kind = schedule.get("kind")
    if kind == "yearly" and schedule.get("due"):
        initial.update(due_month=schedule["due"].get("month"), due_day=schedule["due"].get("day"))
    elif kind == "quarter":
        initial.update(year=schedule.get("year"), quarter=schedule.get("quarter"))
    elif kind == "year_range":
        initial.update(year_from=schedule.get("from"), year_to=schedule.get("to"))
    elif kind == "years":
        initial["years"] = "\n".join(
            f"{i.get('year')}: {i['label']}" if i.get("label") else str(i.get("year"))
            for i in schedule.get("items", [])
        )
    elif kind == "on_request":
        initial["requested_by"] = schedule.get("by", "")
    elif kind == "legal_window":
        start, end = schedule.get("start") or {}, schedule.get("end") or {}
        initial.update(
            window_start_month=start.get("month"),
            window_start_day=start.get("day"),
            window_end_month=end.get("month"),
            window_end_day=end.get("day"),
            window_next_year=bool(end.get("year_offset")),
            citation=schedule.get("citation", ""),
        )
    elif kind == "periodic":
        initial.update(months=schedule.get("months"), ad_hoc=bool(schedule.get("ad_hoc")))
    return initial


class UnitPlanForm(forms.Form):
    """A lower unit's plan carrying out the province's: which committee issues it, and its document."""

    committee = forms.ModelChoiceField(label=_("Ủy ban nhân dân ban hành"), queryset=Agency.objects.none())
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE, input_formats=DATE_FORMATS)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)

    def __init__(self, *args: Any, actor: Any, parent: Plan, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        grants = grants_for(actor)
        candidates = (
            Agency.objects.filter(
                code__in=list(UNIT_COMMITTEE_CLASSES), unit__path__startswith=parent.province.path
            )
            .exclude(unit=parent.province)
            .select_related("unit")
            .order_by("name_sort")
        )
        if not grants.is_global(Action.REPORT_PROGRESS):
            # The committees the person reports for (a commune's officer and chairman: their own).
            mine = Q(pk__in=sorted(grants.agency_ids_by_action.get(Action.REPORT_PROGRESS, ())))
            for prefix in grants.unbound_by_action.get(Action.REPORT_PROGRESS, ()):
                mine |= Q(unit__path__startswith=prefix)
            candidates = candidates.filter(mine)
        field_of(self, "committee", forms.ModelChoiceField).queryset = candidates
        # The committees in force in the plan's current year: the communes of today, not the
        # districts dissolved on 1/7/2025 (nor the communes merged then).
        use_agency_picker(self.fields["committee"], actor, plan_year(parent))


class UnitPlanEditForm(forms.Form):
    """The record of a lower unit's plan, corrected after it was recorded."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE, input_formats=DATE_FORMATS)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)


class PartThreeForm(AmendmentFields):
    """Part III of a plan (each agency's responsibilities) and its recipients.

    One block per responsibility (agency, its name as the plan writes it, duties one a line, and
    "remove"), and one empty block to add an agency."""

    recipients = LinesField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False)

    def __init__(self, *args: Any, plan: Plan, actor: Any = None, **kwargs: Any) -> None:

        super().__init__(*args, plan=plan, **kwargs)
        rows = plan_data(plan).get("responsibilities", [])
        scope = plan_agency_scope(plan, actor)
        scope.preload([row["agency"] for row in rows])  # one query for every block's agency
        self.blocks: list[str] = []
        for index, row in enumerate([*rows, None]):
            prefix = f"r{index}"
            new = row is None
            self.fields[f"{prefix}-agency"] = forms.ChoiceField(
                label=_("Cơ quan thêm mới") if new else _("Cơ quan %(n)s") % {"n": index + 1},
                required=False,
                initial=None if new else row["agency"],
            )
            # Only the block to add lists agencies before anything is typed: a plan has tens of blocks.
            use_agency_picker(
                self.fields[f"{prefix}-agency"],
                actor,
                (plan.start_year, plan.end_year),
                agencies=plan_agencies(plan),
                groups=scope.groups,
                keep=[] if new else [row["agency"]],
                scope=scope,
                browse=new,
            )
            self.fields[f"{prefix}-label"] = forms.CharField(
                label=_("Tên cơ quan như kế hoạch ghi"),
                max_length=255,
                required=False,
                initial=None if new else row["label"],
            )
            self.fields[f"{prefix}-duties"] = LinesField(
                label=_("Nhiệm vụ (mỗi dòng một nhiệm vụ)"),
                required=False,
                initial=None if new else row["duties"],
            )
            if not new:
                self.fields[f"{prefix}-remove"] = forms.BooleanField(
                    label=_("Bỏ cơ quan này"), required=False
                )
            self.blocks.append(prefix)
        self.initial.setdefault("recipients", list(plan.recipients))
        # The recipients and the amending document after the blocks.
        order = [name for prefix in self.blocks for name in self.fields if name.startswith(f"{prefix}-")]
        self.order_fields([*order, "recipients", "amendment_number", "amendment_date", "amendment_summary"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for prefix in self.blocks:
            agency, label, duties = (data.get(f"{prefix}-{k}") for k in ("agency", "label", "duties"))
            if data.get(f"{prefix}-remove") or not (agency or label or duties):
                continue
            if not agency:
                self.add_error(f"{prefix}-agency", _("Hãy chọn cơ quan."))
            if not (label or "").strip():
                self.add_error(f"{prefix}-label", _("Hãy ghi tên cơ quan như kế hoạch ghi."))
            if not duties:
                self.add_error(f"{prefix}-duties", _("Hãy ghi ít nhất một nhiệm vụ."))
        return data

    def responsibilities(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        out = []
        for prefix in self.blocks:
            agency = data.get(f"{prefix}-agency")
            if data.get(f"{prefix}-remove") or not agency:
                continue
            out.append(
                {
                    "agency": agency,
                    "label": data[f"{prefix}-label"].strip(),
                    "duties": data[f"{prefix}-duties"],
                }
            )
        return out
