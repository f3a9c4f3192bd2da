// The compilation of a negotiation draft: answers that carry a form back (400, 409) are shown,
// a poll answered 304 (nothing changed) leaves the page alone, and no poll replaces a paragraph
// someone is working on. Runs after htmx, whichever script the page loads first.
(function () {
  "use strict";
  function polling(elt) {
    return elt && elt.id === "live" && elt.hasAttribute("data-etag");
  }
  function setUp() {
    if (!window.htmx || window.draftsReady) return;
    window.draftsReady = true;
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "304", swap: false },
      { code: "(400|409)", swap: true, error: false },
      { code: "[23]..", swap: true },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
    document.addEventListener("htmx:confirm", function (event) {
      var elt = event.detail.elt;
      var cause = event.detail.triggeringEvent;
      // A paragraph just added is fetched at once; a timed poll waits for the editor to close.
      if (cause && cause.type === "draftParagraphAdded") return;
      if (polling(elt) && (elt.querySelector("[data-editing]") || document.hidden)) {
        event.preventDefault();
      }
    });
    document.addEventListener("htmx:configRequest", function (event) {
      var elt = event.detail.elt;
      if (polling(elt)) event.detail.headers["If-None-Match"] = elt.getAttribute("data-etag");
    });
  }
  // A deferred script runs before the deferred htmx after it; both before DOMContentLoaded.
  if (document.readyState === "complete") {
    setUp();
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
