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

// === Annotations ===
// Quotes: selecting words in a paragraph fills the hidden quote fields of its "Add note" form;
// the quotes of the notes shown are highlighted with the CSS Custom Highlight API, which marks
// ranges without changing the paragraph's markup, so nothing here fights the reader's HTML or
// htmx swaps, and running it again simply recomputes the highlight.
(function () {
  "use strict";
  var CONTEXT = 32;

  function paragraphOf(pid) {
    return document.getElementById(pid);
  }

  // The text nodes of a paragraph, without those of its notes.
  function textNodes(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(".notes")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    return nodes;
  }

  function rangeAt(nodes, start, end) {
    var range = document.createRange();
    var offset = 0;
    var started = false;
    for (var i = 0; i < nodes.length; i++) {
      var length = nodes[i].data.length;
      if (!started && start < offset + length) { range.setStart(nodes[i], start - offset); started = true; }
      if (started && end <= offset + length) { range.setEnd(nodes[i], end - offset); return range; }
      offset += length;
    }
    return null;
  }

  function highlightQuotes() {
    if (!(window.CSS && CSS.highlights && window.Highlight)) { return; }
    var ranges = [];
    document.querySelectorAll("[data-quote-exact]").forEach(function (note) {
      var paragraph = paragraphOf(note.dataset.pid);
      if (!paragraph || !paragraph.contains(note)) { return; }
      var nodes = textNodes(paragraph);
      var text = nodes.map(function (n) { return n.data; }).join("");
      var exact = note.dataset.quoteExact;
      var at = text.indexOf((note.dataset.quotePrefix || "").slice(-8) + exact);
      at = at >= 0 ? at + (note.dataset.quotePrefix || "").slice(-8).length : text.indexOf(exact);
      if (at < 0) { return; }
      var range = rangeAt(nodes, at, at + exact.length);
      if (range) { ranges.push(range); }
    });
    CSS.highlights.set("annotation-quote", new Highlight(...ranges));
  }

  function rememberSelection() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    document.querySelectorAll("form[data-quote-for]").forEach(function (form) {
      var paragraph = paragraphOf(form.dataset.quoteFor);
      if (!paragraph || !paragraph.contains(range.commonAncestorContainer)) { return; }
      var container = range.commonAncestorContainer;
      var element = container.nodeType === 1 ? container : container.parentElement;
      if (element.closest(".notes")) { return; }
      var nodes = textNodes(paragraph);
      var before = document.createRange();
      before.setStart(paragraph, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var after = document.createRange();
      after.setStart(range.endContainer, range.endOffset);
      after.setEnd(nodes[nodes.length - 1], nodes[nodes.length - 1].data.length);
      var fields = {
        quote_exact: range.toString().trim(),
        quote_prefix: before.toString().slice(-CONTEXT),
        quote_suffix: after.toString().slice(0, CONTEXT)
      };
      Object.keys(fields).forEach(function (name) {
        var input = form.elements[name];
        input.value = fields[name];
        input.disabled = !fields.quote_exact;
      });
    });
  }

  document.addEventListener("selectionchange", rememberSelection);
  document.addEventListener("DOMContentLoaded", highlightQuotes);
  document.addEventListener("htmx:load", highlightQuotes);
  document.addEventListener("htmx:afterSettle", highlightQuotes);
})();
