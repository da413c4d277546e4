"""A chart's table prints Vietnamese numbers, each column with the same decimals on every row."""

from __future__ import annotations

from tiepcan.reports.charts import Chart, Series


def test_a_column_with_one_decimal_prints_it_on_every_row_and_counts_stay_whole() -> None:
    chart = Chart(
        "xu-huong",
        "Tỷ lệ",
        ["2019", "2020", "2021"],
        [Series("Tỷ lệ", [54.6, 66.0, 100]), Series("Số xã", [194, 194, 1234])],
        unit="%",
        drawn=1,
    )
    rows = chart.rows()
    assert [cells[0][0] for _label, cells in rows] == ["54,6 %", "66,0 %", "100,0 %"]
    assert [cells[1][0] for _label, cells in rows] == ["194", "194", "1.234"]
    assert rows[1][1][0][1] == "66.0"  # the raw value, for the CSV


def test_a_column_of_whole_shares_prints_no_decimals() -> None:
    chart = Chart("k", "Tỷ lệ", ["a", "b"], [Series("Tỷ lệ", [100, 50])], unit="%")
    assert [cells[0][0] for _label, cells in chart.rows()] == ["100 %", "50 %"]
    assert chart.cell(None) == ("–", "")
