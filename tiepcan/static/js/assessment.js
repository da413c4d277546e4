/* The self-assessment page (assessment_detail.html): a static file, so a strict
 * Content-Security-Policy needs neither inline scripts nor eval.
 *
 * 1. After each autosave the server swaps in, out of band, a message under each input it
 *    concerns (.tc-field-msg, data-state = "refused" | "pending" | ""). Here the input follows
 *    its message: aria-invalid and a colour, and a refused value goes back to the saved one
 *    (the message keeps what was typed). A pending value stays: it is sent again with the next
 *    edit of its indicator, and leaving the page while one waits asks first.
 *    A save that fails (no network, a server error) says so in the save status.
 * 2. Links to a place on the page (what is missing, a refused save) move the focus there: an
 *    input is focused, an evidence block opens its upload form. The same on arrival with #id.
 */
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])";

  function applyMessage(message) {
    if (message.dataset.applied) {
      return;
    }
    message.dataset.applied = "1";
    var input = document.getElementById(message.dataset.for);
    if (!input) {
      return;
    }
    var state = message.dataset.state || "";
    // Only if the person has not typed something else meanwhile.
    if (state === "refused" && input.value === message.dataset.typed) {
      input.value = message.dataset.saved;
    }
    if (state) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    input.classList.toggle("is-invalid", state === "refused");
    input.classList.toggle("tc-pending", state === "pending");
  }

  function applyMessages() {
    document.querySelectorAll(".tc-field-msg").forEach(applyMessage);
  }

  function focusPlace(id) {
    var place = id ? document.getElementById(id) : null;
    if (!place) {
      return false;
    }
    var details = place.matches("details") ? place : place.querySelector("details");
    var target = place.matches(FOCUSABLE) ? place : null;
    if (!target && details) {
      details.open = true;
      target = details.querySelector(FOCUSABLE);
    }
    target = target || place.querySelector(FOCUSABLE);
    place.scrollIntoView({ block: "center" });
    if (target) {
      target.focus({ preventScroll: true });
    }
    return true;
  }

  function hashOf(link) {
    try {
      return decodeURIComponent(link.hash.slice(1));
    } catch (error) {
      return "";
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-tc-focus]");
    if (!link || link.pathname !== window.location.pathname) {
      return;
    }
    if (focusPlace(hashOf(link))) {
      event.preventDefault();
      window.history.replaceState(null, "", link.hash);
    }
  });

  document.body.addEventListener("htmx:oobAfterSwap", applyMessages);
  document.body.addEventListener("htmx:afterSettle", applyMessages);

  // A save that never got an answer (network down) or got a server error is said so, never silent.
  function saveFailed() {
    var area = document.getElementById("save-area");
    var status = document.getElementById("save-status");
    if (area && status) {
      status.textContent = area.dataset.failed;
      status.className = "small text-danger fw-semibold";
      status.setAttribute("role", "alert");
    }
  }
  document.body.addEventListener("htmx:sendError", saveFailed);
  document.body.addEventListener("htmx:responseError", saveFailed);

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector('.tc-field-msg[data-state="pending"]')) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  if (window.location.hash) {
    focusPlace(hashOf(window.location));
  }
})();
