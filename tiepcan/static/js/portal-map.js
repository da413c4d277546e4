// The portal's map: communes as dots at their coordinates, coloured by result, each a link to
// the commune's history. Data from the element's data-tc-map URL (JSON: {year, points: [...]});
// labels from its data-label-* attributes. No library: an SVG with an equirectangular projection
// scaled to the points' bounds, which is enough at the scale of a province or the country.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var ORDER = ["recognised", "met", "not_met", "revoked"];

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function draw(box, data) {
    var points = data.points || [];
    box.textContent = "";
    if (!points.length) {
      var empty = document.createElement("p");
      empty.className = "text-muted small mb-0";
      empty.textContent = box.dataset.labelEmpty || "";
      box.appendChild(empty);
      return;
    }
    var lats = points.map(function (p) { return p.lat; });
    var lngs = points.map(function (p) { return p.lng; });
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var minLng = Math.min.apply(null, lngs), maxLng = Math.max.apply(null, lngs);
    var spanLat = Math.max(maxLat - minLat, 0.05), spanLng = Math.max(maxLng - minLng, 0.05);
    // Longitude degrees shrink with latitude: keep the shape true at the middle latitude.
    var squeeze = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    var width = 600, pad = 12;
    var height = Math.max(200, Math.min(900, Math.round(width * spanLat / (spanLng * squeeze))));
    var radius = points.length > 2000 ? 2 : points.length > 300 ? 3 : 5;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img", class: "tc-map-svg" });
    var title = el("title");
    title.textContent = (data.year ? data.year + ": " : "") + points.length;
    svg.appendChild(title);
    var base = box.dataset.communeUrl || "";
    points.forEach(function (p) {
      var x = pad + (p.lng - minLng) / spanLng * (width - 2 * pad);
      var y = pad + (maxLat - p.lat) / spanLat * (height - 2 * pad);
      var link = el("a", { href: base.replace(/0\/$/, p.id + "/") });
      var dot = el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: radius, class: "tc-map-dot tc-map-" + p.result });
      var label = el("title");
      label.textContent = p.name + " (" + p.code + "): " + (box.dataset["label" + camel(p.result)] || p.result);
      dot.appendChild(label);
      link.appendChild(dot);
      svg.appendChild(link);
    });
    box.appendChild(svg);
    var legend = document.createElement("ul");
    legend.className = "list-inline small mb-0 mt-2";
    ORDER.forEach(function (key) {
      var n = points.filter(function (p) { return p.result === key; }).length;
      if (!n) { return; }
      var item = document.createElement("li");
      item.className = "list-inline-item";
      var swatch = document.createElement("span");
      swatch.className = "tc-map-swatch tc-map-" + key;
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + (box.dataset["label" + camel(key)] || key) + ": " + n));
      legend.appendChild(item);
    });
    box.appendChild(legend);
  }

  function camel(key) {
    // data-label-not_met -> dataset.labelNot_met
    return key.charAt(0).toUpperCase() + key.slice(1);
  }

  document.querySelectorAll("[data-tc-map]").forEach(function (box) {
    fetch(box.dataset.tcMap, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { points: [] }; })
      .then(function (data) { draw(box, data); })
      .catch(function () { draw(box, { points: [] }); });
  });
})();
