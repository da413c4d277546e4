"""Who reviews, which council advises and who recognises, as a framework's data says.

Decision texts, notifications and the review queue read these instead of assuming a level.
A definition stored before the levels existed (version 1 of the shipped files) has none: it is
read as the province level, which is what the application assumed until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiepcan.frameworks.choices import Level


@dataclass(frozen=True)
class Authority:
    review: str
    review_level: Level
    council: str
    council_level: Level
    recognition: str
    recognition_level: Level
    verified: bool

    @property
    def council_name(self) -> str:
        """``Hội đồng đánh giá chuẩn tiếp cận pháp luật cấp huyện``: the name with its level."""
        level = "cấp huyện" if self.council_level == Level.DISTRICT else "cấp tỉnh"
        return self.council if self.council.endswith(level) else f"{self.council} {level}"


def _level(value: Any) -> Level:
    return Level(value) if value in Level.values else Level.PROVINCE


def authority_of(definition: dict[str, Any]) -> Authority:
    data = definition.get("authority") or {}
    return Authority(
        review=data.get("review", "Sở Tư pháp"),
        review_level=_level(data.get("review_level")),
        council=data.get("council", "Hội đồng đánh giá tiếp cận pháp luật"),
        council_level=_level(data.get("council_level")),
        recognition=data.get("recognition", "Chủ tịch Ủy ban nhân dân cấp tỉnh"),
        recognition_level=_level(data.get("recognition_level")),
        verified=bool(data.get("verified")),
    )
