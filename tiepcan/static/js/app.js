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

  // Unit picker (tiepcan/units/widgets.py): a unit chosen among the search results moves up
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
      var first = picker.querySelector("[data-tc-picker-results] input[type=radio]");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
})();
