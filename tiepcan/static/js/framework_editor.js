/* The framework editor (frameworks/draft_edit.html): a static file, for the strict CSP.
 *
 * Every form of the page saves one part of the draft. The page keeps one lock version
 * (#draft-lock), which each save's answer replaces out of band: here every save, autosaved
 * by htmx or submitted by hand, carries the current one, so two parts saved one after the
 * other are not taken for a stale page, while an edit by someone else still is.
 */
(function () {
  "use strict";

  function currentLock() {
    var lock = document.getElementById("draft-lock");
    return lock ? lock.value : null;
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    var lock = currentLock();
    if (lock !== null && event.detail.elt.closest && event.detail.elt.closest("[data-tc-draft]")) {
      event.detail.parameters.lock = lock;
    }
  });

  document.addEventListener("submit", function (event) {
    var lock = currentLock();
    var input = event.target.querySelector ? event.target.querySelector("input[name=lock]") : null;
    if (lock !== null && input) {
      input.value = lock;
    }
  }, true);

  // A save that failed says so in the status line; what was typed stays in the form.
  function failed(event) {
    var status = document.getElementById("draft-status");
    if (status && event.detail.xhr && event.detail.xhr.status >= 500) {
      status.textContent = status.dataset.failed || "";
      status.className = "small text-danger fw-semibold";
    }
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", function () {
    var status = document.getElementById("draft-status");
    if (status) {
      status.textContent = status.dataset.offline || "";
      status.className = "small text-danger fw-semibold";
    }
  });
})();
