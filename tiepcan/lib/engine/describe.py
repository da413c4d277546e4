"""Plain-Vietnamese descriptions of rules, for the framework document page."""

from __future__ import annotations

from typing import Any

from tiepcan.lib.engine.numbers import to_decimal, vn_short


def _pct(value: Any) -> str:
    return f"{vn_short(to_decimal(value) * 100)}%"


def describe_rule(indicator: dict[str, Any], pass_fail: bool = False) -> str:
    if indicator.get("placeholder"):
        return "Chờ bổ sung nội dung: chưa tính vào kết quả."
    rule = indicator["rule"]
    kind = rule["kind"]
    labels = {f["name"]: f["label"] for f in indicator.get("fields", [])}
    unit = "" if pass_fail else " điểm"

    def label(name: str) -> str:
        return f"“{labels.get(name, name)}”"

    if kind == "boolean":
        return (
            f"Đạt khi {label(rule['field'])}."
            if pass_fail
            else f"Có: đủ điểm; không: 0 điểm ({label(rule['field'])})."
        )
    if kind == "ratio":
        ratio = f"{label(rule['numerator'])} / {label(rule['denominator'])}"
        if rule.get("mode", "steps") == "proportional":
            full = f", đủ điểm từ {_pct(rule['full_at'])}" if "full_at" in rule else ""
            return f"Điểm theo tỷ lệ {ratio}{full}."
        steps = "; ".join(
            f"từ {_pct(s['min'])}: {vn_short(to_decimal(s['points']))}{unit}" for s in rule["steps"]
        )
        if pass_fail:
            steps = "; ".join(
                f"đạt khi từ {_pct(s['min'])}" for s in rule["steps"] if to_decimal(s["points"]) > 0
            )
        return f"Tỷ lệ {ratio}: {steps}."
    if kind == "choice":
        options = {o["value"]: o["label"] for f in indicator.get("fields", []) for o in f.get("options", [])}
        return (
            "Theo mức: "
            + "; ".join(
                f"{options.get(k, k)}: {vn_short(to_decimal(v))}{unit}" for k, v in rule["points"].items()
            )
            + "."
        )
    if kind == "checklist":
        items = ", ".join(label(n) for n in rule["fields"])
        mode = rule.get("mode", "all")
        if mode == "per_item":
            return f"{vn_short(to_decimal(rule.get('per_item', 1)))}{unit} cho mỗi nội dung đạt: {items}."
        need = "tất cả" if mode == "all" else f"ít nhất {rule['k']}/{len(rule['fields'])}"
        return f"Đạt khi {need} nội dung: {items}."
    if kind == "deduction":
        return f"Trừ {vn_short(to_decimal(rule['per']))}{unit} cho mỗi {label(rule['field'])}, thấp nhất 0."
    if kind == "steps":
        steps = "; ".join(
            f"từ {vn_short(to_decimal(s['min']))}: {vn_short(to_decimal(s['points']))}{unit}"
            for s in rule["steps"]
        )
        return f"Theo giá trị {label(rule['value']) if rule['value'] in labels else rule['value']}: {steps}."
    if kind == "expression":
        return f"Tính theo công thức: {rule['points']}."
    if kind == "documents":
        how = (
            "điểm theo tỷ lệ văn bản đúng hạn"
            if rule.get("mode") == "proportional"
            else "mọi văn bản phải ban hành đúng hạn"
        )
        return f"Văn bản {label(rule['field'])}: {how}."
    return kind
