/* TiếpCận: the results map of the public portal and the dashboards (one component).
 *
 * The partial templates/partials/result_map.html prints a figure with the legend and the table of
 * the same communes; this script draws them as an SVG. Data (reports/maps.py, one shape:
 * {year, focusable, legend: [{key, label, colour, shape, count}], points: [{id, code, name, lat,
 * lon, result}]}) comes from a json_script block (data-tc-map-source) or a same-origin endpoint
 * (data-tc-map-url); boundaries from an imported GeoJSON (data-tc-map-boundaries), each feature
 * naming its commune in properties.code. No library and no tiles: it works offline, and under the
 * strict CSP (no inline script or style: colours are SVG presentation attributes).
 *
 *   <figure data-tc-map data-tc-map-source="ID" | data-tc-map-url="URL"
 *           data-tc-map-boundaries="URL" data-tc-map-commune-url=".../0/" data-tc-map-file="name">
 *     <div data-tc-map-drawing></div> <table>…</table>
 *     <button data-tc-map-png> <button data-tc-map-csv>
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 600;
  var PAD = 14;

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function marker(kind, x, y, r, colour) {
    var attrs = { fill: colour, stroke: "#ffffff", "stroke-width": 1, class: "tc-map-point" };
    function polygon(list) {
      attrs.points = list
        .map(function (p) {
          return p[0].toFixed(1) + "," + p[1].toFixed(1);
        })
        .join(" ");
      return el("polygon", attrs);
    }
    if (kind === "square") {
      attrs.x = (x - r).toFixed(1);
      attrs.y = (y - r).toFixed(1);
      attrs.width = attrs.height = (2 * r).toFixed(1);
      return el("rect", attrs);
    }
    if (kind === "triangle") {
      return polygon([[x, y - r * 1.25], [x + r * 1.15, y + r * 0.85], [x - r * 1.15, y + r * 0.85]]);
    }
    if (kind === "diamond") {
      return polygon([[x, y - r * 1.3], [x + r * 1.3, y], [x, y + r * 1.3], [x - r * 1.3, y]]);
    }
    attrs.cx = x.toFixed(1);
    attrs.cy = y.toFixed(1);
    attrs.r = r;
    return el("circle", attrs);
  }

  function rings(geometry) {
    if (!geometry) return [];
    if (geometry.type === "Polygon") return geometry.coordinates || [];
    if (geometry.type === "MultiPolygon") {
      return (geometry.coordinates || []).reduce(function (all, polygon) {
        return all.concat(polygon);
      }, []);
    }
    return [];
  }

  // The convex hull of the points (monotone chain): an honest outline when no boundary is imported.
  function hull(list) {
    var pts = list.slice().sort(function (a, b) {
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

  function pathOf(ring, project) {
    return (
      ring
        .map(function (c, i) {
          var xy = project(c[0], c[1]);
          return (i ? "L" : "M") + xy[0].toFixed(1) + " " + xy[1].toFixed(1);
        })
        .join("") + "Z"
    );
  }

  function message(box, text) {
    var p = document.createElement("p");
    p.className = "text-muted small mb-0";
    p.textContent = text || "";
    box.appendChild(p);
  }

  function draw(figure, data, boundaries) {
    var box = figure.querySelector("[data-tc-map-drawing]");
    if (!box) return;
    box.textContent = "";
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
    figure.setAttribute("data-tc-map-drawn", String(points.length));
    if (!all.length) {
      message(box, figure.getAttribute("data-tc-map-empty"));
      return;
    }
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    all.forEach(function (c) {
      minX = Math.min(minX, c[0]);
      maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]);
      maxY = Math.max(maxY, c[1]);
    });
    // Equirectangular projection, x shrunk by cos(latitude) so the province keeps its shape.
    var kx = Math.cos(((minY + maxY) / 2) * (Math.PI / 180));
    var spanX = Math.max((maxX - minX) * kx, 0.02);
    var spanY = Math.max(maxY - minY, 0.02);
    var height = Math.round(Math.min(Math.max(WIDTH * (spanY / spanX), 260), 760));
    var scale = Math.min((WIDTH - 2 * PAD) / spanX, (height - 2 * PAD) / spanY);
    var offX = (WIDTH - spanX * scale) / 2;
    var offY = (height - spanY * scale) / 2;
    function project(lon, lat) {
      return [offX + (lon - minX) * kx * scale, height - offY - (lat - minY) * scale];
    }

    var legend = {};
    (data.legend || []).forEach(function (entry) {
      legend[entry.key] = entry;
    });
    var summary = (figure.getAttribute("data-tc-map-label") || "") + " " +
      (data.legend || [])
        .filter(function (e) {
          return e.count;
        })
        .map(function (e) {
          return e.label + ": " + e.count;
        })
        .join("; ");
    var focusable = data.focusable !== false;
    var svg = el("svg", {
      viewBox: "0 0 " + WIDTH + " " + height,
      class: "tc-map-svg",
      role: focusable ? "group" : "img",
      "aria-label": summary.trim(),
    });
    svg.appendChild(el("rect", { x: 0, y: 0, width: WIDTH, height: height, fill: "#ffffff" }));

    var resultOf = {};
    points.forEach(function (p) {
      resultOf[p.code] = p.result;
    });
    if (shapes.length) {
      var areas = el("g", { "aria-hidden": "true" });
      shapes.forEach(function (feature) {
        var entry = legend[resultOf[(feature.properties || {}).code]];
        var d = rings(feature.geometry)
          .map(function (ring) {
            return pathOf(ring, project);
          })
          .join("");
        areas.appendChild(el("path", {
          d: d, fill: entry ? entry.colour : "#eef2f6", "fill-opacity": entry ? 0.3 : 1,
          stroke: "#8a96a3", "stroke-width": 0.8, "fill-rule": "evenodd",
        }));
      });
      svg.appendChild(areas);
    } else if (all.length >= 3) {
      svg.appendChild(el("path", {
        d: pathOf(hull(all), project), fill: "#eef2f6", stroke: "#8a96a3", "stroke-dasharray": "4 3", "aria-hidden": "true",
      }));
    }

    var base = figure.getAttribute("data-tc-map-commune-url") || "";
    var radius = points.length > 2000 ? 2.2 : points.length > 300 ? 3.2 : 5.5;
    var dots = el("g", focusable ? {} : { "aria-hidden": "true" });
    points.forEach(function (p) {
      var entry = legend[p.result] || { colour: "#6c757d", shape: "circle", label: p.result };
      var xy = project(p.lon, p.lat);
      var dot = marker(entry.shape, xy[0], xy[1], radius, entry.colour);
      var text = p.name + " (" + p.code + "): " + entry.label;
      var title = el("title");
      title.textContent = text;
      dot.appendChild(title);
      if (base) {
        var link = el("a", { href: base.replace(/\/0\/$/, "/" + p.id + "/"), class: "tc-map-link" });
        if (focusable) link.setAttribute("aria-label", text);
        else link.setAttribute("tabindex", "-1");
        link.appendChild(dot);
        dots.appendChild(link);
      } else {
        dots.appendChild(dot);
      }
    });
    svg.appendChild(dots);
    box.appendChild(svg);
  }

  /* ---- Downloads: the drawing as PNG, the table as CSV ---- */

  function download(href, name) {
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function png(figure) {
    var svg = figure.querySelector("[data-tc-map-drawing] svg");
    if (!svg) return;
    var box = svg.viewBox.baseVal;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = box.width * 2;
      canvas.height = box.height * 2;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      download(canvas.toDataURL("image/png"), (figure.getAttribute("data-tc-map-file") || "ban-do") + ".png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
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

  function csv(figure) {
    var table = figure.querySelector("table");
    if (!table) return;
    var lines = [];
    table.querySelectorAll("tr").forEach(function (row) {
      var cells = [];
      row.querySelectorAll("th, td").forEach(function (cell) {
        cells.push(csvCell(cell.textContent, cell.getAttribute("data-value")));
      });
      lines.push(cells.join(";"));
    });
    // A byte-order mark so spreadsheet programs read the Vietnamese letters as UTF-8.
    var blob = new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    download(url, (figure.getAttribute("data-tc-map-file") || "ban-do") + ".csv");
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-tc-map-png], [data-tc-map-csv]") : null;
    var figure = button ? button.closest("[data-tc-map]") : null;
    if (!figure) return;
    if (button.hasAttribute("data-tc-map-png")) png(figure);
    else csv(figure);
  });

  /* ---- Start ---- */

  function json(url, accept) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: accept } }).then(function (response) {
      return response.ok ? response.json() : null;
    });
  }

  function start(figure) {
    var data = null;
    var boundaries = null;
    var source = figure.getAttribute("data-tc-map-source");
    var node = source ? document.getElementById(source) : null;
    if (node) {
      try {
        data = JSON.parse(node.textContent);
      } catch (e) {
        data = null;
      }
    }
    function redraw() {
      if (data) draw(figure, data, boundaries);
    }
    var url = figure.getAttribute("data-tc-map-url");
    if (!data && url) {
      json(url, "application/json")
        .then(function (body) {
          data = body || { points: [] };
          redraw();
        })
        .catch(function () {
          data = { points: [] };
          redraw();
        });
    } else {
      redraw();
    }
    var shapes = figure.getAttribute("data-tc-map-boundaries");
    if (shapes) {
      json(shapes, "application/geo+json, application/json")
        .then(function (body) {
          if (body && body.features && body.features.length) {
            boundaries = body;
            redraw();
          }
        })
        .catch(function () {});
    }
  }

  function init() {
    document.querySelectorAll("[data-tc-map]").forEach(start);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
