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
})();
