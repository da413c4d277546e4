/* TiếpCận dashboards: charts and the commune map, drawn from data the page carries.
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
 *   <figure data-tc-map data-tc-chart-source="ID" data-tc-map-boundaries="URL">
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

  /* ---- The map: communes as points over the province's outline or imported boundaries ---- */

  var SHAPES = { circle: drawCircle, square: drawSquare, triangle: drawTriangle, diamond: drawDiamond };

  function drawCircle(ctx, x, y, r) {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
  function drawSquare(ctx, x, y, r) {
    ctx.beginPath();
    ctx.rect(x - r, y - r, 2 * r, 2 * r);
  }
  function drawTriangle(ctx, x, y, r) {
    ctx.beginPath();
    ctx.moveTo(x, y - r * 1.2);
    ctx.lineTo(x + r * 1.1, y + r * 0.8);
    ctx.lineTo(x - r * 1.1, y + r * 0.8);
    ctx.closePath();
  }
  function drawDiamond(ctx, x, y, r) {
    ctx.beginPath();
    ctx.moveTo(x, y - r * 1.3);
    ctx.lineTo(x + r * 1.3, y);
    ctx.lineTo(x, y + r * 1.3);
    ctx.lineTo(x - r * 1.3, y);
    ctx.closePath();
  }

  // The convex hull of the points (monotone chain): an honest outline when no boundary is imported.
  function hull(points) {
    var pts = points.slice().sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1];
    });
    if (pts.length < 3) return pts;
    function cross(o, a, b) {
      return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
    var lower = [];
    var upper = [];
    pts.forEach(function (p) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
      lower.push(p);
    });
    pts.reverse().forEach(function (p) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
      upper.push(p);
    });
    upper.pop();
    lower.pop();
    return lower.concat(upper);
  }

  function rings(geometry) {
    if (!geometry) return [];
    if (geometry.type === "Polygon") return geometry.coordinates;
    if (geometry.type === "MultiPolygon") {
      return geometry.coordinates.reduce(function (all, polygon) {
        return all.concat(polygon);
      }, []);
    }
    return [];
  }

  function renderMap(figure, data, boundaries) {
    var canvas = figure.querySelector("canvas");
    var box = canvas.parentElement;
    var width = Math.max(box.clientWidth, 240);
    var height = Math.round(Math.min(Math.max(width * 0.9, 260), 560));
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);

    var points = (data.points || []).filter(function (p) {
      return typeof p.lat === "number" && typeof p.lon === "number";
    });
    var shapes = (boundaries && boundaries.features) || [];
    var all = points.map(function (p) {
      return [p.lon, p.lat];
    });
    shapes.forEach(function (feature) {
      rings(feature.geometry).forEach(function (ring) {
        ring.forEach(function (c) {
          all.push([c[0], c[1]]);
        });
      });
    });
    if (!all.length) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    all.forEach(function (c) {
      minX = Math.min(minX, c[0]);
      maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]);
      maxY = Math.max(maxY, c[1]);
    });
    // Equirectangular projection, x shrunk by cos(latitude) so the province keeps its shape.
    var kx = Math.cos(((minY + maxY) / 2) * (Math.PI / 180));
    var spanX = Math.max((maxX - minX) * kx, 1e-6);
    var spanY = Math.max(maxY - minY, 1e-6);
    var pad = 18;
    var scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
    var offX = (width - spanX * scale) / 2;
    var offY = (height - spanY * scale) / 2;
    function project(lon, lat) {
      return [offX + (lon - minX) * kx * scale, height - offY - (lat - minY) * scale];
    }

    ctx.lineWidth = 1;
    ctx.strokeStyle = "#8a96a3";
    ctx.fillStyle = "#eef2f6";
    if (shapes.length) {
      shapes.forEach(function (feature) {
        rings(feature.geometry).forEach(function (ring) {
          ctx.beginPath();
          ring.forEach(function (c, i) {
            var xy = project(c[0], c[1]);
            if (i === 0) ctx.moveTo(xy[0], xy[1]);
            else ctx.lineTo(xy[0], xy[1]);
          });
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
        });
      });
    } else if (all.length >= 3) {
      var outline = hull(all);
      ctx.beginPath();
      outline.forEach(function (c, i) {
        var xy = project(c[0], c[1]);
        if (i === 0) ctx.moveTo(xy[0], xy[1]);
        else ctx.lineTo(xy[0], xy[1]);
      });
      ctx.closePath();
      ctx.setLineDash([4, 3]);
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
    }
    var legend = {};
    (data.legend || []).forEach(function (entry) {
      legend[entry.key] = entry;
    });
    var radius = width < 480 ? 4 : 5;
    points.forEach(function (p) {
      var entry = legend[p.result] || { colour: "#6c757d", shape: "circle" };
      var xy = project(p.lon, p.lat);
      (SHAPES[entry.shape] || drawCircle)(ctx, xy[0], xy[1], radius);
      ctx.fillStyle = entry.colour;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    });
  }

  function drawMap(figure) {
    var data = readData(figure);
    if (!data) return;
    var url = figure.getAttribute("data-tc-map-boundaries");
    var boundaries = null;
    function draw() {
      renderMap(figure, data, boundaries);
    }
    draw();
    if (url) {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (json) {
          if (json && json.features && json.features.length) {
            boundaries = json;
            draw();
          }
        })
        .catch(function () {});
    }
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(draw, 150);
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

  function csvCell(text) {
    var value = String(text).replace(/\s+/g, " ").trim();
    return /[",;\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function tableCsv(table) {
    var lines = [];
    table.querySelectorAll("tr").forEach(function (row) {
      var cells = [];
      row.querySelectorAll("th, td").forEach(function (cell) {
        var raw = cell.getAttribute("data-value");
        cells.push(csvCell(raw !== null ? raw : cell.textContent));
      });
      lines.push(cells.join(","));
    });
    // A byte-order mark so spreadsheet programs read the Vietnamese letters as UTF-8.
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-tc-chart-png], [data-tc-chart-csv]") : null;
    if (!button) return;
    var figure = button.closest("[data-tc-chart], [data-tc-map], [data-tc-table]");
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
    document.querySelectorAll("[data-tc-map]").forEach(drawMap);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
