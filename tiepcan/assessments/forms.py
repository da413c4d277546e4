from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import User
from tiepcan.assessments.choices import AttendeeGroup, ChairRole, CouncilRole, MeetingKind, Status
from tiepcan.assessments.models import Assessment
from tiepcan.core import widgets
from tiepcan.core.forms import DATE_INPUT_FORMATS, DayField, NumberField, field_of, parse_day
from tiepcan.core.uploads import UploadRule
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.engine.numbers import optional_int, vn
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit
from tiepcan.workdays.calendar import working_calendar

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = DayField.widget
DATE_INPUT = DATE_INPUT_FORMATS


def nfc_line(text: str) -> str | None:
    """``text`` in NFC, or None when it holds a line break or another control character."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        return None
    return unicodedata.normalize("NFC", text)


class PeriodForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2017, max_value=2100)
    framework = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=FrameworkVersion.objects.none())
    title = forms.CharField(label=_("Tên kỳ đánh giá"), max_length=255)
    registration_required = forms.BooleanField(
        label=_("Yêu cầu xã đăng ký trước khi đánh giá"), required=False
    )
    self_assessment_due = forms.DateField(label=_("Hạn tự đánh giá"), widget=DATE)
    # No "days of posting" here: the posting's minimum days are the framework's (TT 09/2021/TT-BTP
    # Điều 3 khoản 1 điểm c), and sending is checked against them.
    dossier_due = forms.DateField(label=_("Hạn gửi hồ sơ"), widget=DATE)
    review_due = forms.DateField(label=_("Hạn thẩm định"), widget=DATE, required=False)
    council_due = forms.DateField(label=_("Hạn họp Hội đồng"), widget=DATE, required=False)
    recognition_due = forms.DateField(label=_("Hạn công nhận"), widget=DATE, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "province", forms.ModelChoiceField).queryset = (
            Unit.objects.for_user(actor, "manage_periods").filter(level=UnitLevel.PROVINCE).current()
        )
        field_of(self, "framework", forms.ModelChoiceField).queryset = FrameworkVersion.objects.for_user(
            actor, "view"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        order = ["self_assessment_due", "dossier_due", "review_due", "council_due", "recognition_due"]
        previous: tuple[str, date] | None = None  # the last step accepted, to compare the next with
        year = data.get("year")
        for name in order:
            value = data.get(name)
            if value is None:
                continue
            if year is not None and value.year < year:
                # The year assessed runs from 1 January (QĐ 25/2021/QĐ-TTg Điều 5 khoản 1): no step
                # of its assessment can be due before it begins.
                self.add_error(name, _("Mốc này không được trước năm đánh giá %(y)s.") % {"y": year})
            elif previous is not None and value < previous[1]:
                # add_error drops the value from cleaned_data: the next step is compared with the
                # last one accepted, not with this one (a KeyError here was a 500).
                self.add_error(
                    name, _("Mốc này không được trước mốc “%(p)s”.") % {"p": self.fields[previous[0]].label}
                )
            else:
                previous = (name, value)
        return data

    def day_off_warnings(self) -> list[str]:
        """The typed dates that fall on a weekend day or a day off of the working calendar.

        A warning only: a date the province types is its own decision and stays as typed (only the
        framework's fixed days carry over to the next working day, Bộ luật Dân sự 2015 Điều 148
        khoản 5). Read from the fields that parsed, so it also speaks on a form sent back.
        """
        typed = [
            (name, value)
            for name in ("self_assessment_due", "dossier_due", "review_due", "council_due", "recognition_due")
            if isinstance(value := getattr(self, "cleaned_data", {}).get(name), date)
        ]
        if not typed:
            return []
        days = [value for _name, value in typed]
        calendar = working_calendar(min(days), max(days))
        return [
            str(
                _(
                    "“%(f)s” là ngày %(d)s, một ngày nghỉ (thứ Bảy, Chủ nhật hoặc ngày nghỉ theo lịch ngày làm "
                    "việc). Ngày đã nhập được giữ nguyên, không tự lùi sang ngày làm việc tiếp theo."
                )
            )
            % {"f": self.fields[name].label, "d": value.strftime("%d/%m/%Y")}
            for name, value in typed
            if not calendar.is_working_day(value)
        ]


class EvidenceForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255)
    file = forms.FileField(label=_("Tệp"), required=False)
    link = forms.URLField(label=_("Hoặc đường dẫn"), required=False)

    def __init__(self, *args: Any, rule: UploadRule | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule or UploadRule()
        self.fields["file"].help_text = self.rule.hint
        self.fields["file"].widget.attrs["accept"] = self.rule.accept

    def clean_title(self) -> str:
        # A title is one line: it is a row of the dossier's evidence list (danh-muc-minh-chung.csv).
        title = nfc_line(self.cleaned_data["title"])
        if title is None:
            raise forms.ValidationError(_("Tên tài liệu phải nằm trên một dòng (không xuống dòng)."))
        return title

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            self.detected_kind = self.rule.check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not data.get("link") and not self.errors:
            raise forms.ValidationError(_("Hãy chọn tệp hoặc ghi đường dẫn."))
        return data


class CouncilMemberForm(forms.Form):
    """Seating a person on a period's council: someone the manager may appoint, an area of the province."""

    user = forms.ModelChoiceField(
        label=_("Thành viên"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Hãy chọn người được cử vào Hội đồng."),
            "invalid_choice": _("Không tìm thấy người này trong phạm vi của bạn."),
        },
    )
    area = forms.ModelChoiceField(
        label=_("Khu vực phụ trách"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Khu vực không thuộc tỉnh của kỳ đánh giá.")},
    )
    is_secretary = forms.BooleanField(label=_("Thư ký"), required=False)
    # TT 09/2021/TT-BTP Điều 5 khoản 2; without it, ``is_secretary`` says secretary or member.
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=[("", "—"), *CouncilRole.choices],
        required=False,
        error_messages={"invalid_choice": _("Vai trò trong Hội đồng không hợp lệ.")},
    )
    position = forms.CharField(label=_("Chức danh trong Hội đồng"), max_length=120, required=False)

    def __init__(self, *args: Any, actor: Any, areas: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "user", forms.ModelChoiceField).queryset = User.objects.for_user(
            actor, Action.MANAGE_PERIODS
        )
        field_of(self, "area", forms.ModelChoiceField).queryset = Unit.objects.filter(
            pk__in=[area.pk for area in areas]
        )

    def clean_role(self) -> str:
        role = self.cleaned_data.get("role") or ""
        if role:
            return role
        return CouncilRole.SECRETARY if self.data.get("is_secretary") else CouncilRole.MEMBER


class CouncilScoreForm(forms.Form):
    """A member's points and reasons, one pair of fields per indicator (``points:1.1``, ``reason:1.1``)."""

    def __init__(self, *args: Any, indicators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            problem = _("Điểm chỉ tiêu %(c)s phải là số từ 0 đến %(m)s (ví dụ 0,5).") % {
                "c": indicator.code,
                "m": vn(indicator.max_points),
            }
            self.fields[f"points:{indicator.code}"] = NumberField(
                label=_("Điểm %(c)s") % {"c": indicator.code},
                required=False,
                max_digits=4,
                error_messages=dict.fromkeys(("invalid", "too_large", "places"), problem),
            )
            self.fields[f"reason:{indicator.code}"] = forms.CharField(
                label=_("Lý do"), required=False, max_length=2000
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for indicator in self.indicators:
            points = data.get(f"points:{indicator.code}")
            if points is not None and not 0 <= points <= indicator.max_points:
                self.add_error(
                    f"points:{indicator.code}",
                    _("Điểm chỉ tiêu %(c)s phải từ 0 đến %(m)s.")
                    % {"c": indicator.code, "m": vn(indicator.max_points)},
                )
        return data

    def proposals(self) -> list[tuple[str, Decimal, str]]:
        """(indicator, points, reason) for every indicator the member scored."""
        return [
            (i.code, self.cleaned_data[f"points:{i.code}"], self.cleaned_data[f"reason:{i.code}"])
            for i in self.indicators
            if self.cleaned_data.get(f"points:{i.code}") is not None
        ]


class CouncilPlaceForm(forms.Form):
    """Where on the council's paged lists a form was sent from (its page and area filter), so the
    answer lands back there: a member scoring a card on page 3 is not sent to page 1."""

    trang = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    khu_vuc = forms.IntegerField(min_value=1, required=False)

    def querystring(self) -> str:
        """The place as a query string (``khu_vuc=&trang=3``), or "" when nothing valid was given."""
        if not self.is_valid():
            return ""
        parts = []
        if "khu_vuc" in self.data:  # an empty area means "all areas", not the member's own
            parts.append(f"khu_vuc={self.cleaned_data['khu_vuc'] or ''}")
        if self.cleaned_data["trang"]:
            parts.append(f"trang={self.cleaned_data['trang']}")
        return "&".join(parts)


class CouncilMeetingForm(forms.Form):
    """The minutes of a meeting (or of the written opinions); the dossiers' rows are a formset."""

    held_on = forms.DateField(
        label=_("Ngày họp"),
        widget=DATE,
        input_formats=DATE_INPUT,
        error_messages={"required": _("Hãy ghi ngày họp (dd/mm/yyyy).")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    minutes = forms.CharField(label=_("Nội dung biên bản"), required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Thành viên dự họp"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Người dự họp phải là thành viên Hội đồng.")},
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=MeetingKind.choices, required=False)
    chaired_by = forms.ModelChoiceField(
        label=_("Người chủ trì"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Người chủ trì phải là thành viên Hội đồng.")},
    )
    papers_sent_on = forms.DateField(
        label=_("Ngày gửi tài liệu cho thành viên"),
        widget=DATE,
        input_formats=DATE_INPUT,
        required=False,
        error_messages={"invalid": _("Ngày gửi tài liệu phải có dạng dd/mm/yyyy.")},
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "attendees", forms.ModelMultipleChoiceField).queryset = members
        field_of(self, "chaired_by", forms.ModelChoiceField).queryset = members

    def _chosen(self, name: str) -> set[str]:
        """A field's values as the page shows them again: the typed ones, else the initial ones."""
        value = self[name].value()
        values = value if isinstance(value, list | tuple) else [value]
        return {str(v) for v in values if v not in (None, "")}

    @property
    def chosen_attendees(self) -> set[str]:
        return self._chosen("attendees")

    @property
    def chosen_chair(self) -> set[str]:
        return self._chosen("chaired_by")


VOTES = (
    ("for", _("tán thành"), _("Tán thành")),
    ("against", _("không tán thành"), _("Không tán thành")),
    ("abstain", _("không biểu quyết"), _("Không biểu quyết")),
)


def _votes_field(heading: Any) -> NumberField:
    return NumberField(
        label=heading,
        widget=widgets.TextInput(attrs={"class": "form-control form-control-sm", "aria-label": heading}),
        integer=True,
        required=False,
        min_value=0,
        max_digits=4,
    )


class ConclusionForm(forms.Form):
    """One dossier's row of the minutes: the council's conclusion on it and the votes."""

    VOTES = VOTES

    # Widgets written in Python (core.widgets): the minutes hold five per dossier at the council.
    # The dossier is checked against the formset's dossiers (``clean_assessment``) rather than
    # given every dossier as a choice: 100 rows × 100 choices was most of the formset's time.
    assessment = forms.IntegerField(
        widget=widgets.HiddenInput,
        error_messages={
            "required": _("Hồ sơ không còn chờ Hội đồng kết luận."),
            "invalid": _("Hồ sơ không còn chờ Hội đồng kết luận."),
        },
    )
    recommend = forms.ChoiceField(
        label=_("Kết luận"),
        required=False,
        choices=[("", "—"), ("yes", _("Đề nghị công nhận")), ("no", _("Không đề nghị"))],
        widget=widgets.Select(attrs={"class": "form-select form-select-sm", "aria-label": _("Kết luận")}),
    )
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=2000,
        widget=widgets.TextInput(attrs={"class": "form-control form-control-sm", "aria-label": _("Lý do")}),
    )
    votes_for = _votes_field(VOTES[0][2])
    votes_against = _votes_field(VOTES[1][2])
    votes_abstain = _votes_field(VOTES[2][2])

    def __init__(self, *args: Any, dossiers: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dossiers = dossiers
        # The row's commune, for its labels and messages: the posted dossier, else the initial one.
        self.dossier = dossiers.get(optional_int(self["assessment"].value()) or 0)
        if self.is_bound:  # the messages name the commune: written only when there is input to check
            unit = self.dossier.unit.name if self.dossier is not None else ""
            for kind, label, _heading in self.VOTES:
                self.fields[f"votes_{kind}"].error_messages.update(
                    dict.fromkeys(
                        ("invalid", "integer", "too_large", "places"),
                        _("Số phiếu %(kind)s của %(unit)s phải là số nguyên không âm.")
                        % {"kind": label, "unit": unit},
                    )
                )

    def clean_assessment(self) -> int:
        pk = self.cleaned_data["assessment"]
        if pk not in self.dossiers:
            raise forms.ValidationError(_("Hồ sơ không còn chờ Hội đồng kết luận."), code="invalid_choice")
        return int(pk)

    def conclusion(self) -> dict[str, Any] | None:
        """The row in the shape ``council.record_meeting`` expects, or None when left undecided."""
        data = self.cleaned_data
        if data.get("recommend") not in ("yes", "no"):
            return None
        return {
            "assessment": self.dossiers[data["assessment"]],
            "recommend": data["recommend"] == "yes",
            "votes_for": data["votes_for"] or 0,
            "votes_against": data["votes_against"] or 0,
            "votes_abstain": data["votes_abstain"] or 0,
            "reason": data["reason"],
        }


class BaseConclusionFormSet(forms.BaseFormSet):
    """One ``ConclusionForm`` per dossier before the council (fields ``dossier-0-recommend``, …)."""

    default_error_messages = {
        "missing_management_form": _("Biểu mẫu biên bản thiếu thông tin; hãy tải lại trang và ghi lại."),
        "too_many_forms": _("Biên bản có nhiều dòng hơn số hồ sơ đang chờ Hội đồng."),
        "too_few_forms": _("Biên bản thiếu dòng hồ sơ."),
    }

    def __init__(self, *args: Any, dossiers: list[Any], **kwargs: Any) -> None:
        self.dossiers = {a.pk: a for a in dossiers}
        self.max_num = self.absolute_max = max(len(dossiers), 1)
        kwargs.setdefault("prefix", "dossier")
        if not args or args[0] is None:
            kwargs.setdefault("initial", [{"assessment": a.pk} for a in dossiers])
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "dossiers": self.dossiers}

    def clean(self) -> None:
        seen: set[int] = set()
        for form in self.forms:
            pk = getattr(form, "cleaned_data", {}).get("assessment")
            if pk is None:
                continue
            if pk in seen:
                raise forms.ValidationError(
                    _("Hồ sơ của %(u)s có hai dòng kết luận.") % {"u": self.dossiers[pk].unit.name}
                )
            seen.add(pk)

    def decisions(self) -> list[dict[str, Any]]:
        """The conclusions taken, in the order of the rows."""
        return [c for form in self.forms if (c := form.conclusion()) is not None]

    def error_texts(self) -> list[str]:
        """Every error of the rows and of the formset, for the page's error summary."""
        texts = [str(m) for m in self.non_form_errors()]
        for form in self.forms:
            texts += [str(m) for errors in form.errors.values() for m in errors]
        return texts


# formset_factory makes a subclass of the formset it is given; its stub says only "a BaseFormSet".
ConclusionFormSet = cast(
    type[BaseConclusionFormSet],
    forms.formset_factory(ConclusionForm, formset=BaseConclusionFormSet, extra=0, validate_max=True),
)


class DecisionForm(forms.Form):
    """A recognition decision: its number, date, signer and the recommended communes it recognises."""

    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=64,
        error_messages={"required": _("Hãy ghi số quyết định và người ký.")},
    )
    signed_on = forms.DateField(
        label=_("Ngày ký"),
        widget=DATE,
        input_formats=DATE_INPUT,
        error_messages={"required": _("Hãy ghi ngày ký (dd/mm/yyyy).")},
    )
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=120,
        error_messages={"required": _("Hãy ghi số quyết định và người ký.")},
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    assessments = forms.ModelMultipleChoiceField(
        label=_("Xã, phường, đặc khu được công nhận"),
        queryset=Assessment.objects.none(),
        error_messages={
            "required": _("Hãy chọn ít nhất một xã, phường, đặc khu."),
            "invalid_choice": _("Có đơn vị được chọn không nằm trong danh sách Hội đồng đề nghị công nhận."),
            "invalid_pk_value": _(
                "Có đơn vị được chọn không nằm trong danh sách Hội đồng đề nghị công nhận."
            ),
            "invalid_list": _("Hãy chọn ít nhất một xã, phường, đặc khu."),
        },
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "assessments", forms.ModelMultipleChoiceField).queryset = candidates


class RevocationForm(forms.Form):
    """Revoking a recognition: the revoking decision's number and date, and why."""

    number = forms.CharField(
        label=_("Số quyết định thu hồi"),
        max_length=64,
        error_messages={"required": _("Hãy ghi số quyết định thu hồi và lý do.")},
    )
    revoked_on = forms.DateField(
        label=_("Ngày thu hồi"), widget=DATE, input_formats=DATE_INPUT, required=False
    )
    reason = forms.CharField(
        label=_("Lý do thu hồi"), error_messages={"required": _("Hãy ghi số quyết định thu hồi và lý do.")}
    )


class AutosaveForm(forms.Form):
    """One autosave from the self-assessment page (htmx): which input, its value, the page's version.

    The inputs of the indicator being edited come along as ``v-<field>`` (the page includes them
    all), so the one that changed and its companions are saved together.
    """

    KINDS = ("value", "not_arisen", "fact", "doc_add", "doc_remove")

    kind = forms.CharField(required=False)
    version = forms.CharField(required=False)
    indicator = forms.CharField(required=False, max_length=64)
    field = forms.CharField(required=False, max_length=64)
    value = forms.CharField(required=False, strip=False)
    fact = forms.CharField(required=False, max_length=64)
    index = forms.CharField(required=False)
    doc_title = forms.CharField(required=False, max_length=255)
    doc_due_on = forms.CharField(required=False)
    doc_issued_on = forms.CharField(required=False)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"] or "value"
        if kind not in self.KINDS:
            raise forms.ValidationError(_("Thao tác lưu không hợp lệ."))
        return kind

    def clean_version(self) -> int:
        # A missing or garbled version can only be stale: 0 never matches a saved row.
        try:
            return int(self.cleaned_data["version"])
        except ValueError:
            return 0

    def clean_index(self) -> int | None:
        # "²".isdigit() is true but int("²") fails: the shared parser takes ASCII digits only.
        return optional_int(self.cleaned_data["index"], low=0, high=99_999)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        prefix = "v-"
        data["companions"] = {
            key.removeprefix(prefix): self.data.get(key)
            for key in self.data
            if key.startswith(prefix) and len(key) <= 64
        }
        field = data.get("field") or ""
        # The input that changed sends its value under its own name; "value" is the plain API.
        own = data["companions"].pop(field, None)
        data["typed"] = data.get("value") if "value" in self.data else own
        return data


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        input_formats=DATE_INPUT,
        required=required,
        error_messages={
            "required": _("Hãy ghi %(f)s (dd/mm/yyyy).") % {"f": str(label).lower()},
            "invalid": _("%(f)s phải là ngày dạng dd/mm/yyyy.") % {"f": label},
        },
    )


class PostingForm(forms.Form):
    """How the draft result is made public (TT 09/2021/TT-BTP Điều 3 khoản 1 điểm c)."""

    office_from = _date_field(_("Ngày bắt đầu niêm yết tại trụ sở"))
    office_until = _date_field(_("Ngày kết thúc niêm yết tại trụ sở"), required=False)
    mode = forms.ChoiceField(label=_("Hình thức công khai kèm theo"), choices=[])
    mode_from = _date_field(_("Ngày bắt đầu đăng tải, thông báo"))
    mode_until = _date_field(_("Ngày kết thúc đăng tải, thông báo"), required=False)
    portal_url = forms.URLField(
        label=_("Địa chỉ trang đăng tải"),
        required=False,
        max_length=200,
        error_messages={"invalid": _("Địa chỉ trang đăng tải không hợp lệ.")},
    )
    radio_dates = forms.CharField(
        label=_("Các ngày thông báo trên Đài (dd/mm/yyyy, cách nhau bởi dấu phẩy)"),
        required=False,
        max_length=400,
    )

    def __init__(self, *args: Any, modes: list[tuple[str, StrOrPromise]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "mode", forms.ChoiceField).choices = modes
        self.fields["mode"].error_messages["invalid_choice"] = _(
            "Hình thức công khai này không có trong bộ tiêu chí."
        )

    def clean_radio_dates(self) -> list[Any]:
        days = []
        for part in (self.cleaned_data.get("radio_dates") or "").replace(";", ",").split(","):
            text = part.strip()
            if not text:
                continue
            day = parse_day(text)
            if day is None:
                raise forms.ValidationError(
                    _("Ngày thông báo “%(d)s” không hợp lệ (dd/mm/yyyy).") % {"d": text[:20]}
                )
            days.append(day)
        return days


class CommuneMeetingForm(forms.Form):
    """The commune meeting that agrees the result (TT 09/2021/TT-BTP Điều 3 khoản 1 điểm đ)."""

    held_on = _date_field(_("Ngày họp"))
    chair_role = forms.ChoiceField(label=_("Người chủ trì là"), choices=ChairRole.choices)
    chair_name = forms.CharField(label=_("Họ tên người chủ trì"), max_length=120)
    attendee_groups = forms.MultipleChoiceField(
        label=_("Thành phần dự họp"),
        choices=AttendeeGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attendees = forms.CharField(
        label=_("Danh sách người dự họp"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    outcome = forms.CharField(
        label=_("Kết quả cuộc họp"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class PublicationForm(forms.Form):
    """The day a recognition decision was published on the portal (TT 09/2021 Điều 3 khoản 2 điểm d)."""

    published_on = _date_field(_("Ngày công bố"))


class RegistrationForm(forms.Form):
    """The commune asking to be assessed: one the person may self-assess."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "unit", forms.ModelChoiceField).queryset = units


class RegistrationDecisionForm(forms.Form):
    """The province's answer to a registration; the service asks for a reason when it refuses."""

    decision = forms.ChoiceField(choices=[("accept", _("Chấp nhận")), ("reject", _("Không chấp nhận"))])
    reason = forms.CharField(required=False)


class TransitionForm(forms.Form):
    """A step asked for on a dossier; the service checks it is a step this person may take now."""

    to = forms.ChoiceField(choices=Status.choices)
    reason = forms.CharField(required=False)


class NoteForm(forms.Form):
    """A reviewer's note on one indicator; the service checks the indicator and the text."""

    indicator = forms.CharField(required=False, max_length=32)
    text = forms.CharField(required=False)


class ExplanationForm(forms.Form):
    """The commune's explanation of a reviewer's note."""

    text = forms.CharField(required=False)


class AnswerForm(forms.Form):
    """The commune's answer to a citizen's comment."""

    answer = forms.CharField(required=False)


class IndicatorForm(forms.Form):
    """Which indicator of the framework an upload is for (its rules decide which files are taken)."""

    indicator = forms.ChoiceField(choices=[])

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "indicator", forms.ChoiceField).choices = [(code, code) for code in codes]
