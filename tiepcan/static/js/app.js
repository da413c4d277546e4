/* TiếpCận: the page behaviour that the Content-Security-Policy keeps out of templates.
 *
 * The policy (settings.SECURE_CSP) refuses inline <script>, on…= attributes and eval, so
 * templates declare behaviour with data-tc-* attributes and this file acts on them. Every
 * handler is delegated from the document, so markup that htmx swaps in works too.
 */
(function () {
  "use strict";

  // <select data-tc-autosubmit>: choosing an option submits its form (unit switcher, language).
  document.addEventListener("change", function (event) {
    var select = event.target.closest ? event.target.closest("select[data-tc-autosubmit]") : null;
    if (!select || !select.form) return;
    if (select.form.requestSubmit) select.form.requestSubmit();
    else select.form.submit();
  });

  // <form data-tc-confirm="Question?">: ask before sending.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute ? form.getAttribute("data-tc-confirm") : null;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // A POST form is sent once: a second click while the first answer is on its way would reach
  // the server too (the browser only drops the first answer) and create the row twice. Runs after
  // the confirm above, so a cancelled question leaves the form free; htmx forms prevent the
  // browser's submission themselves. The mark lapses after a while (a form whose answer is a
  // download never leaves the page) and when the page comes back from the history.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.getAttribute) return;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("data-tc-sending")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-tc-sending", "");
    window.setTimeout(function () { form.removeAttribute("data-tc-sending"); }, 8000);
  });
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-tc-sending]"), function (form) {
      form.removeAttribute("data-tc-sending");
    });
  });

  // Unit and agency pickers (tiepcan/units/widgets.py): a choice among the search results moves up
  // to "chosen", so the next search (which replaces the results) does not take it away.
  document.addEventListener("change", function (event) {
    var input = event.target;
    var results = input.closest ? input.closest("[data-tc-picker-results]") : null;
    if (!results || !input.checked) return;
    var chosen = results.closest("[data-tc-picker]").querySelector("[data-tc-picker-selected]");
    var option = input.closest(".tc-picker-option");
    if (input.type === "radio") {
      chosen.replaceChildren(option);
    } else {
      var empty = chosen.querySelector("p");
      if (empty) empty.remove();
      chosen.appendChild(option);
    }
    input.focus();
  });

  // Unit picker: Enter in the search box searches now instead of
  // submitting the surrounding form; Arrow Down moves to the first result.
  document.addEventListener("keydown", function (event) {
    var box = event.target.closest ? event.target.closest("[data-tc-picker-search]") : null;
    if (!box) return;
    var picker = box.closest("[data-tc-picker]");
    if (event.key === "Enter") {
      event.preventDefault();
      if (window.htmx) window.htmx.trigger(box, "search");
    } else if (event.key === "ArrowDown" && picker) {
      var first = picker.querySelector("[data-tc-picker-results] input");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  // <select data-tc-filter="Gõ mã hoặc tên…"> (a short list all in the page, such as a commune's
  // indicators not met on the improvement page; agencies have the server-side picker above): a
  // search box above the list; typing hides the options that do not match, accents ignored (“hoa
  // giai” finds “hòa giải”); chosen options stay visible. Without JavaScript the list is whole.
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function setUpFilters(root) {
    var selects = (root && root.querySelectorAll ? root : document).querySelectorAll("select[data-tc-filter]");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.getAttribute("data-tc-filter-ready")) return;
      select.setAttribute("data-tc-filter-ready", "1");
      var box = document.createElement("input");
      box.type = "search";
      box.className = "form-control form-control-sm mb-1 tc-filter-box";
      box.placeholder = select.getAttribute("data-tc-filter");
      box.setAttribute("aria-label", select.getAttribute("data-tc-filter"));
      box.setAttribute("autocomplete", "off");
      if (select.id) {
        box.id = select.id + "_loc";
        box.setAttribute("aria-controls", select.id);
      }
      box.setAttribute("data-tc-filter-for", select.id || "");
      select.parentNode.insertBefore(box, select);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setUpFilters(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setUpFilters(event.target); });
  document.addEventListener("input", function (event) {
    var box = event.target.closest ? event.target.closest("[data-tc-filter-for]") : null;
    if (!box) return;
    var select = document.getElementById(box.getAttribute("data-tc-filter-for"));
    if (!select) return;
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    Array.prototype.forEach.call(select.options, function (option) {
      var text = fold(option.text);
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      option.hidden = !(match || option.selected || option.value === "");
    });
  });
  document.addEventListener("keydown", function (event) {
    var box = event.target.closest ? event.target.closest("[data-tc-filter-for]") : null;
    if (box && event.key === "Enter") event.preventDefault();  // filtering, not sending the form
  });
})();
