"""Forms of the reports app: the past-results import, the report sent to the Ministry, and the
boundary (GeoJSON) import of the dashboards."""

from __future__ import annotations

import json
import math
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.accounts.forms import UserImportForm
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit

MAX_BOUNDARY_BYTES = 15 * 1024 * 1024
MAX_FEATURES = 5000
MAX_POINTS = 1_000_000
# Việt Nam with its islands, generously: a file in another projection (metres) or of another
# country is refused instead of drawn as a dot.
LON_RANGE = (100.0, 118.0)
LAT_RANGE = (6.0, 24.5)
CODE_KEYS = ("code", "ma", "ma_xa", "maxa", "ma_dvhc", "commune_code", "ward_code", "id")


class ResultImportForm(UserImportForm):
    """The same checks as the user import: an .xlsx file (by its content), at most 5 MB."""


class MinistryReportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm đánh giá"), min_value=2017, max_value=2100)
    sent_on = forms.DateField(
        label=gettext_lazy("Ngày gửi"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu văn bản"), max_length=64)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        year, sent = data.get("year"), data.get("sent_on")
        if year and sent:
            if sent.year < year:
                self.add_error(
                    "sent_on", _("Báo cáo năm %(y)s phải gửi sau khi năm đó bắt đầu.") % {"y": year}
                )
            if sent > timezone.localdate():
                self.add_error("sent_on", _("Ngày gửi không được sau hôm nay."))
        if data.get("number") is not None and not data["number"].strip():
            self.add_error("number", _("Hãy ghi số, ký hiệu văn bản."))
        return data


class BoundaryImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp ranh giới (GeoJSON)"),
        help_text=gettext_lazy(
            "FeatureCollection, hệ tọa độ kinh độ/vĩ độ (WGS 84); mỗi vùng là một xã, phường có mã đơn vị "
            "trong thuộc tính “code” (hoặc “ma”, “ma_xa”); tối đa 15 MB."
        ),
    )

    def __init__(self, *args: Any, province: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province = province

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > MAX_BOUNDARY_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 15 MB."))
        try:
            parsed = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise forms.ValidationError(_("Tệp không phải GeoJSON (JSON) hợp lệ.")) from None
        data["geojson"] = self._features(parsed)
        return data

    def _features(self, parsed: Any) -> dict[str, Any]:
        if (
            not isinstance(parsed, dict)
            or parsed.get("type") != "FeatureCollection"
            or not isinstance(parsed.get("features"), list)
        ):
            raise forms.ValidationError(_("Tệp phải là một FeatureCollection của GeoJSON."))
        features = parsed["features"]
        if not features:
            raise forms.ValidationError(_("Tệp không có vùng nào."))
        if len(features) > MAX_FEATURES:
            raise forms.ValidationError(_("Tệp có quá nhiều vùng (tối đa %(n)s).") % {"n": MAX_FEATURES})
        communes = {
            unit.code: unit
            for unit in Unit.objects.filter(
                path__startswith=self.province.path, level=UnitLevel.COMMUNE, valid_to__isnull=True
            )
        }
        problems: list[str] = []
        kept: list[dict[str, Any]] = []
        seen: set[str] = set()
        points = 0
        for index, feature in enumerate(features, start=1):
            where = _("Vùng thứ %(i)s") % {"i": index}
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                problems.append(_("%(w)s: không phải một Feature.") % {"w": where})
                continue
            properties = feature.get("properties")
            if not isinstance(properties, dict):
                properties = {}
            code = next(
                (str(properties[k]).strip() for k in CODE_KEYS if properties.get(k) not in (None, "")), ""
            )
            if code.isdigit() and len(code) < 5:
                code = code.zfill(5)
            unit = communes.get(code)
            if unit is None:
                problems.append(
                    _("%(w)s: mã “%(c)s” không phải một xã, phường đang hiệu lực của %(p)s.")
                    % {"w": where, "c": code[:20], "p": self.province.name}
                )
                continue
            if code in seen:
                problems.append(_("%(w)s: xã, phường “%(n)s” có hai vùng.") % {"w": where, "n": unit.name})
                continue
            seen.add(code)
            geometry, count, problem = _geometry(feature.get("geometry"))
            if problem:
                problems.append(f"{where} ({unit.name}): {problem}")
                continue
            points += count
            kept.append(
                {"type": "Feature", "properties": {"code": code, "name": unit.name}, "geometry": geometry}
            )
            if len(problems) >= 20:
                break
        if points > MAX_POINTS:
            problems.append(
                _("Tệp có quá nhiều điểm (tối đa %(n)s).") % {"n": f"{MAX_POINTS:,}".replace(",", ".")}
            )
        if problems:
            raise forms.ValidationError([*problems[:20], _("Không nhập vùng nào: sửa tệp rồi nhập lại.")])
        return {"type": "FeatureCollection", "features": kept}


def _geometry(geometry: Any) -> tuple[dict[str, Any] | None, int, str]:
    """A Polygon or MultiPolygon in longitude/latitude within Việt Nam, coordinates rounded (≈1 m)."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None, 0, _("chỉ nhận vùng Polygon hoặc MultiPolygon.")
    polygons = [geometry.get("coordinates")] if geometry["type"] == "Polygon" else geometry.get("coordinates")
    if not isinstance(polygons, list) or not polygons:
        return None, 0, _("không có tọa độ.")
    out: list[list[list[list[float]]]] = []
    count = 0
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return None, 0, _("tọa độ không đúng cấu trúc.")
        rings = []
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return None, 0, _("mỗi đường bao cần ít nhất 4 điểm.")
            clean_ring = []
            for point in ring:
                if not (
                    isinstance(point, list)
                    and len(point) >= 2
                    and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2])
                ):
                    return None, 0, _("tọa độ không phải số.")
                lon, lat = float(point[0]), float(point[1])
                if not (math.isfinite(lon) and math.isfinite(lat)):
                    return None, 0, _("tọa độ không phải số hữu hạn.")
                if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                    return None, 0, _("tọa độ nằm ngoài Việt Nam (tệp phải dùng kinh độ, vĩ độ WGS 84).")
                clean_ring.append([round(lon, 5), round(lat, 5)])
            count += len(clean_ring)
            rings.append(clean_ring)
        out.append(rings)
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": out[0]}, count, ""
    return {"type": "MultiPolygon", "coordinates": out}, count, ""
