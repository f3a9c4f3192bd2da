// Resolution Reader's own behaviour: small enhancements attached through data- attributes.
// Safe to run again on every htmx:load, so fragments swapped in get the same behaviour.
(function () {
  "use strict";

  function init(root) {
    root.querySelectorAll("[data-copy-link]:not([data-ready])").forEach(function (button) {
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var url = new URL(button.dataset.copyLink, window.location.href).href;
        var done = function () {
          var label = button.dataset.copiedLabel || "Link copied";
          var original = button.textContent;
          button.textContent = label;
          setTimeout(function () { button.textContent = original; }, 2000);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link", url); });
        } else {
          window.prompt("Copy this link", url);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
