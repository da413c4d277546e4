/* TiếpCận dashboards: charts drawn from data the page carries (the map is static/js/result-map.js).
 *
 * The Content-Security-Policy forbids inline script, so every chart's numbers come from a
 * <script type="application/json"> block written by Django's json_script (data, not code),
 * named by the figure's data-tc-chart-source attribute. The table beside each chart is the
 * truth: the CSV download is built from that table (raw numbers from data-value), and the
 * chart only draws what the table says. Numbers follow vi-VN (1.234,5).
 *
 *   <figure data-tc-chart="bar|line|hbar|stacked" data-tc-chart-source="ID" data-tc-chart-unit="%">
 *     <canvas></canvas> <table>…</table>
 *     <button data-tc-chart-png>  <button data-tc-chart-csv data-tc-chart-file="name">
 */
(function () {
  "use strict";

  var LOCALE = "vi-VN";
  // Colour-blind-safe (Okabe–Ito), in the order series appear.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var number = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

  function format(value, unit) {
    if (value === null || value === undefined || value === "") return "–";
    var text = number.format(value);
    if (unit === "%") return text + " %";
    if (unit) return text + " " + unit;
    return text;
  }

  function readData(figure) {
    var id = figure.getAttribute("data-tc-chart-source");
    var node = id ? document.getElementById(id) : null;
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  // A white background under the chart, so the PNG is readable outside the page.
  var whiteBackground = {
    id: "tcWhiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  function drawChart(figure) {
    if (typeof window.Chart === "undefined") return;
    var data = readData(figure);
    var canvas = figure.querySelector("canvas");
    if (!data || !canvas) return;
    var kind = figure.getAttribute("data-tc-chart") || "bar";
    var unit = figure.getAttribute("data-tc-chart-unit") || "";
    var type = kind === "line" ? "line" : "bar";
    var datasets = (data.series || []).map(function (series, i) {
      var colour = series.colour || PALETTE[i % PALETTE.length];
      return {
        label: series.label,
        data: series.values,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: type === "line" ? 2 : 0,
        spanGaps: false,
        tension: 0,
        pointRadius: 3,
      };
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: kind === "stacked",
      ticks: {
        callback: function (value) {
          return format(value, unit);
        },
      },
    };
    if (unit === "%") valueAxis.max = 100;
    var whole = (data.series || []).every(function (series) {
      return (series.values || []).every(function (v) {
        return v === null || Math.round(v) === v;
      });
    });
    if (whole && unit !== "%") valueAxis.ticks.precision = 0; // counts: no "0,5 xã"
    var categoryAxis = { stacked: kind === "stacked", ticks: { autoSkip: true, maxRotation: 60 } };
    var horizontal = kind === "hbar";
    new window.Chart(canvas, {
      type: type,
      data: { labels: data.labels || [], datasets: datasets },
      plugins: [whiteBackground],
      options: {
        locale: LOCALE,
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var name = item.dataset.label ? item.dataset.label + ": " : "";
                return name + format(horizontal ? item.parsed.x : item.parsed.y, unit);
              },
            },
          },
        },
      },
    });
  }

  /* ---- Downloads ---- */

  function download(href, name) {
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // For Excel in Vietnam, as the dossier's evidence list (tiepcan/assessments/dossier.py): ";" between
  // cells, a raw number with the decimal comma and no grouping (98,5; 1234567), text that Excel would
  // read as a formula (= + - @ tab CR) kept as text with a leading ', quoted where it holds ; " or a
  // line break (docs/dashboards.md, "Charts").
  function csvCell(text, raw) {
    var value;
    if (raw !== null && /^-?\d+(\.\d+)?$/.test(raw)) {
      value = raw.replace(".", ",");
    } else {
      value = String(raw !== null ? raw : text).replace(/\s+/g, " ").trim();
      if (/^[=+\-@\t\r]/.test(value)) value = "'" + value;
    }
    return /[";\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function tableCsv(table) {
    var lines = [];
    table.querySelectorAll("tr").forEach(function (row) {
      var cells = [];
      row.querySelectorAll("th, td").forEach(function (cell) {
        cells.push(csvCell(cell.textContent, cell.getAttribute("data-value")));
      });
      lines.push(cells.join(";"));
    });
    // A byte-order mark so spreadsheet programs read the Vietnamese letters as UTF-8.
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-tc-chart-png], [data-tc-chart-csv]") : null;
    if (!button) return;
    var figure = button.closest("[data-tc-chart], [data-tc-table]");
    if (!figure) return;
    var name = figure.getAttribute("data-tc-chart-file") || "bieu-do";
    if (button.hasAttribute("data-tc-chart-png")) {
      var canvas = figure.querySelector("canvas");
      if (canvas) download(canvas.toDataURL("image/png"), name + ".png");
    } else {
      var table = figure.querySelector("table");
      if (!table) return;
      var blob = new Blob([tableCsv(table)], { type: "text/csv;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      download(url, name + ".csv");
      window.setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 1000);
    }
  });

  function init() {
    document.querySelectorAll("[data-tc-chart]").forEach(drawChart);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
