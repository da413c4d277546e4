"""Forms of the framework editor: each parses one part of a draft and writes it into the definition.

A form only parses (numbers the Vietnamese way, YAML blocks, lists of codes); whether the
result is a valid framework is the engine's call, made on the whole draft after each save.
``apply(data)`` changes the definition in place and returns (label, before, after) for the audit.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import NumberField, field_of
from tiepcan.frameworks import editor
from tiepcan.lib.engine.definition import SCHEMA
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.models import Unit

if TYPE_CHECKING:
    from tiepcan.units.models import Unit

TEXT = forms.Textarea(attrs={"rows": 2})
BLOCK = forms.Textarea(attrs={"rows": 6, "class": "font-monospace small", "spellcheck": "false"})
UNIT_KINDS = [(k, str(dict(UnitKind.choices).get(k, k))) for k in ("xa", "phuong", "thi_tran", "dac_khu")]


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, int) or value == value.to_integral_value():
        return int(value)
    return float(value)


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    """Set a key, or drop it when empty, so the published file has no empty noise."""
    if value in (None, "", [], {}):
        target.pop(key, None)
    else:
        target[key] = value


class LockForm(forms.Form):
    """The draft's lock version the page was built on (optimistic locking)."""

    lock = forms.IntegerField(min_value=0, max_value=2**31)


class PositionForm(forms.Form):
    """Which criterion (and indicator) a form edits: positions, stable between structural edits."""

    ci = forms.IntegerField(min_value=0, max_value=999)
    ii = forms.IntegerField(min_value=0, max_value=999, required=False)


class YamlField(forms.CharField):
    """A block of the definition typed as YAML; cleaned to the parsed value."""

    def __init__(self, *, shape: type | tuple[type, ...] = (list, dict), **kwargs: Any) -> None:
        self.shape = shape
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", BLOCK)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("max_length", 100_000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            parsed = editor.from_yaml(text or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if parsed is not None and not isinstance(parsed, self.shape):
            raise forms.ValidationError(_("Nội dung không đúng dạng (cần một danh sách hoặc một bảng)."))
        return parsed


class GeneralForm(forms.Form):
    title = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=500, widget=TEXT)
    year_from = forms.IntegerField(label=_("Áp dụng từ năm"), min_value=2017, max_value=2100)
    year_to = forms.IntegerField(
        label=_("Đến năm (để trống: đến nay)"), min_value=2017, max_value=2100, required=False
    )
    applies_to = forms.MultipleChoiceField(
        label=_("Loại đơn vị áp dụng"), choices=UNIT_KINDS, widget=forms.CheckboxSelectMultiple
    )
    change_note = forms.CharField(
        label=_("Lý do của phiên bản mới"),
        max_length=5000,
        required=False,
        widget=TEXT,
        help_text=_("Hiện trên trang so sánh hai phiên bản."),
    )
    notes = forms.CharField(label=_("Ghi chú"), max_length=10_000, required=False, widget=TEXT)

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        years = data.get("years") or {}
        return {
            "title": data.get("title", ""),
            "year_from": years.get("from"),
            "year_to": years.get("to"),
            "applies_to": data.get("applies_to", []),
            "change_note": data.get("change_note", ""),
            "notes": data.get("notes", ""),
        }

    def apply(self, data: dict[str, Any]) -> tuple[str, Any, Any]:
        d = self.cleaned_data
        before = self.initial_from(data)
        data["title"] = d["title"].strip()
        data["years"] = {"from": d["year_from"], "to": d["year_to"]}
        data["applies_to"] = list(d["applies_to"])
        _set(data, "change_note", d["change_note"].strip())
        _set(data, "notes", d["notes"].strip())
        return "general", before, self.initial_from(data)


class SaveForm(forms.Form):
    """Which part of the draft an autosave carries."""

    part = forms.ChoiceField(
        choices=[(p, p) for p in ("general", "recognition", "section", "criterion", "indicator")]
    )


class SectionKeyForm(forms.Form):
    section = forms.CharField(max_length=64)

    def clean_section(self) -> str:
        key = self.cleaned_data["section"]
        if key not in section_keys():
            raise forms.ValidationError(_("Mục không có trong mẫu bộ tiêu chí."))
        return key


class SectionForm(forms.Form):
    """One top-level block edited as YAML: legal bases, authority, deadlines, posting modes…"""

    content = YamlField(label=_("Nội dung (YAML)"))

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key

    def apply(self, data: dict[str, Any]) -> tuple[str, Any, Any]:
        before = copy.deepcopy(data.get(self.key))
        _set(data, self.key, self.cleaned_data["content"])
        return f"section:{self.key}", before, data.get(self.key)


def section_keys() -> list[str]:
    """The schema's top-level keys without a form of their own (posting and the like included)."""
    return [k for k in SCHEMA["properties"] if k not in editor.STRUCTURED_KEYS]


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã tiêu chí"), max_length=32)
    title = forms.CharField(label=_("Tên tiêu chí"), max_length=2000, widget=TEXT)
    summary = forms.CharField(label=_("Tóm tắt"), max_length=5000, required=False, widget=TEXT)
    max_points = NumberField(
        label=_("Điểm tối đa"), required=False, min_value=Decimal("0.01"), max_value=1000
    )
    min_share = NumberField(label=_("Tỷ lệ điểm tối thiểu (0–1)"), required=False, min_value=0, max_value=1)
    required_met = forms.CharField(
        label=_("Số chỉ tiêu phải đạt"),
        max_length=8,
        required=False,
        help_text=_("“all” (tất cả) hoặc một số."),
    )
    verified = forms.BooleanField(label=_("Tên đã đối chiếu văn bản gốc"), required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=2000, required=False, widget=TEXT)
    basis_verified = forms.BooleanField(label=_("Điểm đã đối chiếu văn bản gốc"), required=False)
    basis_source = forms.CharField(label=_("Nguồn của điểm"), max_length=2000, required=False, widget=TEXT)

    def clean_required_met(self) -> str | int | None:
        value = self.cleaned_data["required_met"].strip()
        if not value:
            return None
        if value in ("all", "tất cả"):
            return "all"
        if not re.fullmatch(r"[0-9]{1,3}", value):
            raise forms.ValidationError(_("Ghi “all” hoặc một số nguyên."))
        return int(value)

    @staticmethod
    def initial_from(criterion: dict[str, Any]) -> dict[str, Any]:
        basis = criterion.get("scoring_basis") or {}
        return {
            "code": criterion.get("code", ""),
            "title": criterion.get("title", ""),
            "summary": criterion.get("summary", ""),
            "max_points": criterion.get("max_points"),
            "min_share": criterion.get("min_share"),
            "required_met": criterion.get("required_met", ""),
            "verified": bool(criterion.get("verified")),
            "source": criterion.get("source", ""),
            "basis_verified": bool(basis.get("verified")),
            "basis_source": basis.get("source", ""),
        }

    def apply_to(self, criterion: dict[str, Any]) -> tuple[Any, Any]:
        d = self.cleaned_data
        before = self.initial_from(criterion)
        criterion["code"] = d["code"].strip()
        criterion["title"] = d["title"].strip()
        _set(criterion, "summary", d["summary"].strip())
        _set(criterion, "max_points", _number(d["max_points"]))
        _set(criterion, "min_share", _number(d["min_share"]))
        _set(criterion, "required_met", d["required_met"])
        criterion["verified"] = d["verified"]
        _set(criterion, "source", d["source"].strip())
        if d["basis_source"].strip() or d["basis_verified"] or "scoring_basis" in criterion:
            criterion["scoring_basis"] = {
                "verified": d["basis_verified"],
                "source": d["basis_source"].strip(),
            }
        return before, self.initial_from(criterion)


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Mã chỉ tiêu"), max_length=32)
    title = forms.CharField(label=_("Nội dung chỉ tiêu"), max_length=5000, widget=TEXT)
    guidance = forms.CharField(label=_("Hướng dẫn"), max_length=10_000, required=False, widget=TEXT)
    placeholder = forms.BooleanField(
        label=_("Chờ bổ sung (chưa có văn bản gốc; chưa tính vào kết quả)"), required=False
    )
    max_points = NumberField(
        label=_("Điểm tối đa"), required=False, min_value=Decimal("0.01"), max_value=1000
    )
    allow_not_arisen = forms.BooleanField(
        label=_("Được ghi “không phát sinh” (tính đạt/đủ điểm)"), required=False
    )
    evidence_required = forms.BooleanField(label=_("Bắt buộc có minh chứng"), required=False)
    evidence_kinds = forms.CharField(
        label=_("Loại minh chứng (mỗi dòng một loại)"), max_length=5000, required=False, widget=TEXT
    )
    evidence_file_types = forms.MultipleChoiceField(
        label=_("Định dạng tệp"),
        choices=[(t, t.upper()) for t in editor.FILE_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence_signed = forms.BooleanField(label=_("Minh chứng phải ký số"), required=False)
    crosswalk = forms.CharField(
        label=_("Lấy số liệu từ chỉ tiêu của phiên bản gốc"),
        max_length=500,
        required=False,
        help_text=_("Mã chỉ tiêu cũ, cách nhau bằng dấu phẩy; để trống thì lấy theo cùng mã."),
    )
    verified = forms.BooleanField(label=_("Nội dung đã đối chiếu văn bản gốc"), required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=2000, required=False, widget=TEXT)
    basis_verified = forms.BooleanField(label=_("Điểm, cách tính đã đối chiếu văn bản gốc"), required=False)
    basis_source = forms.CharField(
        label=_("Nguồn của điểm, cách tính"), max_length=2000, required=False, widget=TEXT
    )
    quick = forms.ChoiceField(
        label=_("Cách xét nhanh"),
        required=False,
        choices=[
            ("", _("Giữ số liệu và cách tính bên dưới")),
            ("yes_no", _("Một câu hỏi Có/Không: đạt (đủ điểm) khi trả lời Có")),
        ],
    )
    quick_label = forms.CharField(label=_("Câu hỏi"), max_length=1000, required=False)
    fields_yaml = YamlField(label=_("Số liệu cần nhập (YAML)"), shape=list)
    computed_yaml = YamlField(label=_("Giá trị tính toán (YAML)"), shape=dict)
    validations_yaml = YamlField(label=_("Kiểm tra số liệu (YAML)"), shape=list)
    rule_yaml = YamlField(label=_("Cách tính: loại và tham số, ngưỡng (YAML)"), shape=dict)

    def clean_crosswalk(self) -> list[str]:
        return [c for c in re.split(r"[,;\s]+", self.cleaned_data["crosswalk"]) if c]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("quick") == "yes_no" and not (data.get("quick_label") or "").strip():
            self.add_error("quick_label", _("Hãy ghi câu hỏi xã trả lời Có/Không."))
        return data

    @staticmethod
    def initial_from(indicator: dict[str, Any]) -> dict[str, Any]:
        evidence = indicator.get("evidence") or {}
        basis = indicator.get("scoring_basis") or {}
        return {
            "code": indicator.get("code", ""),
            "title": indicator.get("title", ""),
            "guidance": indicator.get("guidance", ""),
            "placeholder": bool(indicator.get("placeholder")),
            "max_points": indicator.get("max_points"),
            "allow_not_arisen": bool(indicator.get("allow_not_arisen")),
            "evidence_required": bool(evidence.get("required")),
            "evidence_kinds": "\n".join(evidence.get("kinds", [])),
            "evidence_file_types": evidence.get("file_types", []),
            "evidence_signed": bool(evidence.get("signed")),
            "crosswalk": ", ".join(indicator.get("crosswalk", [])),
            "verified": bool(indicator.get("verified")),
            "source": indicator.get("source", ""),
            "basis_verified": bool(basis.get("verified")),
            "basis_source": basis.get("source", ""),
            "quick": "",
            "quick_label": "",
            "fields_yaml": editor.to_yaml(indicator.get("fields")),
            "computed_yaml": editor.to_yaml(indicator.get("computed")),
            "validations_yaml": editor.to_yaml(indicator.get("validations")),
            "rule_yaml": editor.to_yaml(indicator.get("rule")),
        }

    def apply_to(self, indicator: dict[str, Any]) -> tuple[Any, Any]:
        d = self.cleaned_data
        before = copy.deepcopy(indicator)
        indicator["code"] = d["code"].strip()
        indicator["title"] = d["title"].strip()
        _set(indicator, "guidance", d["guidance"].strip())
        _set(indicator, "placeholder", True if d["placeholder"] else None)
        _set(indicator, "max_points", _number(d["max_points"]))
        _set(indicator, "allow_not_arisen", True if d["allow_not_arisen"] else None)
        evidence: dict[str, Any] = {}
        if d["evidence_required"]:
            evidence["required"] = True
        kinds = [line.strip() for line in d["evidence_kinds"].splitlines() if line.strip()]
        _set(evidence, "kinds", kinds)
        _set(evidence, "file_types", list(d["evidence_file_types"]))
        if d["evidence_signed"]:
            evidence["signed"] = True
        _set(indicator, "evidence", evidence)
        _set(indicator, "crosswalk", d["crosswalk"])
        indicator["verified"] = d["verified"]
        _set(indicator, "source", d["source"].strip())
        if d["basis_source"].strip() or d["basis_verified"] or "scoring_basis" in indicator:
            indicator["scoring_basis"] = {
                "verified": d["basis_verified"],
                "source": d["basis_source"].strip(),
            }
        if d["placeholder"]:
            # A placeholder has no fields, rule or points (validation refuses them): they are dropped.
            for key in ("fields", "computed", "validations", "rule", "max_points"):
                indicator.pop(key, None)
        elif d["quick"] == "yes_no":
            indicator["fields"] = [{"name": "met", "type": "boolean", "label": d["quick_label"].strip()}]
            indicator["rule"] = {"kind": "boolean", "field": "met"}
            indicator.pop("computed", None)
            indicator.pop("validations", None)
        else:
            _set(indicator, "fields", d["fields_yaml"])
            _set(indicator, "computed", d["computed_yaml"])
            _set(indicator, "validations", d["validations_yaml"])
            _set(indicator, "rule", d["rule_yaml"])
        return before, copy.deepcopy(indicator)


class RecognitionForm(forms.Form):
    total_min = NumberField(label=_("Tổng điểm tối thiểu"), required=False, min_value=0, max_value=1000)
    criterion_min_share = NumberField(
        label=_("Tỷ lệ điểm tối thiểu của mỗi tiêu chí (0–1)"), required=False, min_value=0, max_value=1
    )
    all_criteria_met = forms.BooleanField(label=_("Mọi tiêu chí phải đạt"), required=False)
    satisfaction_min = NumberField(
        label=_("Mức hài lòng tối thiểu (%)"), required=False, min_value=0, max_value=100
    )
    verified = forms.BooleanField(label=_("Đã đối chiếu văn bản gốc"), required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=2000, required=False, widget=TEXT)
    extra = YamlField(
        label=_("Điều kiện theo lời văn, trường hợp không công nhận, ngưỡng theo phân loại (YAML)"),
        shape=dict,
    )

    @staticmethod
    def initial_from(recognition: dict[str, Any]) -> dict[str, Any]:
        out = {key: recognition.get(key) for key in editor.RECOGNITION_KEYS}
        out["all_criteria_met"] = bool(out["all_criteria_met"])
        out["verified"] = bool(out["verified"])
        out["source"] = out["source"] or ""
        out["extra"] = editor.to_yaml(
            {k: v for k, v in recognition.items() if k not in editor.RECOGNITION_KEYS}
        )
        return out

    def apply(self, data: dict[str, Any]) -> tuple[str, Any, Any]:
        d = self.cleaned_data
        before = copy.deepcopy(data.get("recognition"))
        recognition: dict[str, Any] = dict(d["extra"] or {})
        for key in ("total_min", "criterion_min_share", "satisfaction_min"):
            _set(recognition, key, _number(d[key]))
        if d["all_criteria_met"]:
            recognition["all_criteria_met"] = True
        recognition["verified"] = d["verified"]
        _set(recognition, "source", d["source"].strip())
        data["recognition"] = recognition
        return "recognition", before, copy.deepcopy(recognition)


class StructureForm(forms.Form):
    """Add, remove or move a criterion or an indicator."""

    OPS = (
        "add_criterion",
        "remove_criterion",
        "up_criterion",
        "down_criterion",
        "add_indicator",
        "remove_indicator",
        "up_indicator",
        "down_indicator",
    )
    op = forms.ChoiceField(choices=[(o, o) for o in OPS])
    ci = forms.IntegerField(min_value=0, max_value=999, required=False)
    ii = forms.IntegerField(min_value=0, max_value=999, required=False)


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do của phiên bản mới"),
        max_length=5000,
        required=False,
        widget=TEXT,
        help_text=_("Để trống thì dùng lý do đã ghi ở phần thông tin chung."),
    )


class DraftStartForm(forms.Form):
    province: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(label=_("Tỉnh soạn thảo"), queryset=None)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        provinces = (
            Unit.objects.for_user(actor, "manage_frameworks").filter(level=UnitLevel.PROVINCE).current()
        )
        field_of(self, "province", forms.ModelChoiceField).queryset = provinces
        if len(provinces[:2]) == 1:  # an administrator of one province: nothing to choose
            self.fields["province"].initial = provinces[0].pk


class SampleForm(forms.Form):
    """A sample commune's answers to the draft, named ``v:<indicator>:<field>``, ``na:<indicator>``, ``fact:<code>``.

    Values stay as typed: the engine parses them (numbers the Vietnamese way) and says what is wrong,
    exactly as on the self-assessment page. Document lists are not asked in the preview.
    """

    unit_class = forms.ChoiceField(
        label=_("Phân loại đơn vị"),
        required=False,
        choices=[("", _("(không phân loại)")), ("I", "I"), ("II", "II"), ("III", "III")],
    )
    BOOL = [("", "—"), ("true", _("Có")), ("false", _("Không"))]

    def __init__(self, *args: Any, definition: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self._groups: list[dict[str, Any]] = []
        self.booleans: set[str] = set()
        for criterion in definition.get("criteria") or []:
            rows = []
            for indicator in criterion.get("indicators") or []:
                code = indicator["code"]
                names = []
                if not indicator.get("placeholder"):
                    for spec in indicator.get("fields") or []:
                        if spec["type"] == "documents":
                            continue
                        name = f"v:{code}:{spec['name']}"
                        label = spec["label"]
                        if spec["type"] == "boolean":
                            self.fields[name] = forms.ChoiceField(
                                label=label, choices=self.BOOL, required=False
                            )
                            self.booleans.add(name)
                        elif spec["type"] == "choice":
                            options = [("", "—")] + [
                                (o["value"], o["label"]) for o in spec.get("options", [])
                            ]
                            self.fields[name] = forms.ChoiceField(
                                label=label, choices=options, required=False
                            )
                        else:
                            self.fields[name] = forms.CharField(label=label, max_length=200, required=False)
                        names.append(name)
                    if indicator.get("allow_not_arisen"):
                        self.fields[f"na:{code}"] = forms.BooleanField(
                            label=_("Không phát sinh"), required=False
                        )
                        names.append(f"na:{code}")
                rows.append({"indicator": indicator, "names": names})
            self._groups.append({"criterion": criterion, "rows": rows})
        self.fact_names = []
        for disqualifier in (definition.get("recognition") or {}).get("disqualifiers") or []:
            for fact in disqualifier.get("facts") or [
                {"code": disqualifier["code"], "label": disqualifier["text"]}
            ]:
                name = f"fact:{fact['code']}"
                self.fields[name] = forms.BooleanField(label=fact["label"], required=False)
                self.fact_names.append(name)

    def groups(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": g["criterion"],
                "rows": [
                    {"indicator": r["indicator"], "fields": [self[n] for n in r["names"]]} for r in g["rows"]
                ],
            }
            for g in self._groups
        ]

    def facts(self) -> list[Any]:
        return [self[n] for n in self.fact_names]

    def sample(self) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, bool], str | None]:
        d = self.cleaned_data
        values: dict[str, dict[str, Any]] = {}
        not_arisen: list[str] = []
        facts: dict[str, bool] = {}
        for name, value in d.items():
            if name.startswith("v:"):
                code, field_name = name.split(":", 2)[1:]
                if name in self.booleans and value in ("true", "false"):
                    value = value == "true"
                if value not in ("", None):
                    values.setdefault(code, {})[field_name] = value
            elif name.startswith("na:") and value:
                not_arisen.append(name[3:])
            elif name.startswith("fact:"):
                facts[name[5:]] = bool(value)
        return values, not_arisen, facts, d.get("unit_class") or None
