// Resolution Reader's own behaviour: small enhancements attached through data- attributes.
// Safe to run again on every htmx:load, so fragments swapped in get the same behaviour.
(function () {
  "use strict";

  // Feedback without renaming the button: a tick beside it, and the words in a live region.
  function announce(message) {
    var region = document.querySelector("[data-announcer]");
    if (!region) {
      region = document.createElement("p");
      region.setAttribute("role", "status");
      region.className = "visually-hidden";
      region.dataset.announcer = "";
      document.body.appendChild(region);
    }
    region.textContent = "";
    setTimeout(function () { region.textContent = message; }, 50);
  }

  function copy(text, button, message) {
    var done = function () {
      button.dataset.copied = "1";
      announce(message);
      setTimeout(function () { delete button.dataset.copied; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy this link", text); });
    } else {
      window.prompt("Copy this link", text);
    }
  }

  // A text fragment (#:~:text=) that browsers scroll to and highlight; long quotes are given by
  // their first and last words, which is what the syntax expects.
  function encodeFragmentText(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D");
  }

  function quoteFragment(quote) {
    var words = quote.split(/\s+/).filter(Boolean);
    if (words.length > 10) {
      return encodeFragmentText(words.slice(0, 4).join(" ")) + "," + encodeFragmentText(words.slice(-4).join(" "));
    }
    return encodeFragmentText(words.join(" "));
  }

  function selectedQuote(paragraph) {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return ""; }
    var source = paragraph.querySelector("[data-quote-source]");
    var range = selection.getRangeAt(0);
    if (!source || !source.contains(range.startContainer) || !source.contains(range.endContainer)) { return ""; }
    return selection.toString().replace(/\s+/g, " ").trim();
  }

  // The panel beside the text: focus moves into it when a fragment arrives, Escape or "Close"
  // closes it, and focus returns to the link that opened it.
  var opener = null;

  function panel() { return document.querySelector("[data-panel]"); }

  function closePanel(returnTo) {
    var box = panel();
    if (!box || box.hidden) { return; }
    box.hidden = true;
    box.innerHTML = "";
    var target = returnTo || opener;
    opener = null;
    if (target && document.contains(target)) { target.focus(); }
  }

  // On a narrow screen a paragraph's notes fold under it, behind a button that says how many.
  var narrow = window.matchMedia("(max-width: 63.99rem)");

  function foldNotes(root) {
    if (!narrow.matches) { return; }
    root.querySelectorAll(".reader .notes:not([data-folded])").forEach(function (notes) {
      var cards = notes.querySelector("[data-notes-cards]");
      var count = notes.querySelectorAll(".note").length;
      notes.dataset.folded = "1";
      if (!cards || !count) { return; }
      var toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "tool notes-toggle";
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = count === 1 ? "Show 1 note" : "Show " + count + " notes";
      var label = toggle.textContent;
      toggle.addEventListener("click", function () {
        var open = notes.classList.toggle("is-folded") === false;
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "Hide notes" : label;
      });
      notes.classList.add("is-folded");
      cards.parentNode.insertBefore(toggle, cards);
    });
  }

  function init(root) {
    foldNotes(root);
    root.querySelectorAll("[data-tools-toggle][hidden]").forEach(function (button) { button.hidden = false; });
    root.querySelectorAll("[data-copy-cite]:not([data-ready])").forEach(function (button) {
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = new URL(button.dataset.copyUrl, window.location.href).href;
        copy(button.dataset.copyCite + ", " + url, button, "Citation copied");
      });
    });
    root.querySelectorAll("[data-copy-field]:not([data-ready])").forEach(function (button) {
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.copyField);
        if (field) { copy(field.value, button, "Citations copied"); }
      });
    });
    root.querySelectorAll("[data-copy-link]:not([data-ready])").forEach(function (button) {
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(new URL(button.dataset.copyLink, window.location.href).href, button, button.dataset.copiedLabel || "Link copied");
      });
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-opens-panel]");
    if (link) {
      var box = panel();
      // A link inside the panel replaces its content; focus still returns to the first opener.
      if (!box || !box.contains(link)) { opener = link; }
      return;
    }
    if (event.target.closest("[data-panel-close]")) {
      event.preventDefault();
      leavePanel(event.target.closest("[data-panel-close]").getAttribute("href"));
      return;
    }
    var back = event.target.closest("[data-panel-back]");
    if (back) {
      var marker = document.getElementById(back.getAttribute("href").slice(1));
      if (marker) {
        event.preventDefault();
        closePanel(marker);
        marker.scrollIntoView({ block: "center" });
      }
    }
  });

  // An open panel has its own URL (the footnote's or the instrument's page, which shows the
  // same thing as a whole page): Back closes the panel, Forward opens it again, and the address
  // can be shared. Close and Escape go back the same way.
  var restoring = false;

  function leavePanel(readerUrl) {
    var box = panel();
    if (!box || box.hidden) { return; }
    if (history.state && history.state.readerPanel) {
      history.back();
    } else {
      closePanel();
      if (readerUrl) { history.replaceState(null, "", readerUrl); }
    }
  }

  window.addEventListener("popstate", function (event) {
    var state = event.state || {};
    if (state.htmx) { return; }  // htmx restores what it pushed itself
    if (state.readerPanel && window.htmx) {
      restoring = true;
      window.htmx.ajax("GET", state.readerPanel, { target: "#panel" });
    } else {
      closePanel();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var close = document.querySelector("[data-panel] [data-panel-close]");
      leavePanel(close ? close.getAttribute("href") : null);
    }
  });

  // If a panel's fragment cannot be had, the link still leads to its page.
  function followInstead(event) {
    var link = event.detail.elt;
    if (link && link.matches && link.matches("a[data-opens-panel]")) { window.location.href = link.href; }
  }
  document.addEventListener("htmx:responseError", followInstead);
  document.addEventListener("htmx:sendError", followInstead);

  // The note form just opened: the cursor goes where the note is written. This waits for
  // htmx to settle, when the form's own fields (tag suggestions, saving) have come alive, so
  // nothing typed at once is lost.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && target.id && target.id.indexOf("note-form-") === 0) {
      var field = target.querySelector("textarea");
      if (field) { field.focus(); }
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id && target.id.indexOf("note-form-") === 0) { return; }
    var box = panel();
    if (!box || target !== box) { return; }
    var path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
    if (path && !restoring) {
      var here = window.location.pathname + window.location.search;
      if (history.state && history.state.readerPanel) {
        history.replaceState({ readerPanel: path }, "", path);
      } else if (path !== here) {
        history.pushState({ readerPanel: path }, "", path);
      }
    }
    restoring = false;
    box.hidden = false;
    box.scrollTop = 0;
    var heading = box.querySelector("[data-panel-focus]") || box;
    heading.focus();
  });

  // A permalink page marks its paragraph server-side; bring it into view as #op26 would.
  function scrollToMarked() {
    if (window.location.hash) { return; }
    // A link to a quote (#:~:text=) is scrolled by the browser itself, to the words.
    var navigation = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (navigation && navigation.name.indexOf(":~:") !== -1) { return; }
    // A footnote's page shows it in the panel: the text is read at its marker.
    var back = document.querySelector("[data-panel]:not([hidden]) [data-panel-back]");
    var marker = back && document.getElementById(back.getAttribute("href").slice(1));
    if (marker) { marker.scrollIntoView({ block: "center", behavior: "instant" }); return; }
    var marked = document.querySelector("#main [aria-current='location']");
    if (marked) { marked.scrollIntoView({ block: "start", behavior: "instant" }); }
  }

  // On a touch screen a tap on a paragraph shows its tools (there is no hover), and its
  // "Tools" button shows or hides them; without this script the tools are always shown.
  function activate(paragraph, on) {
    paragraph.classList.toggle("is-active", on);
    var toggle = paragraph.querySelector("[data-tools-toggle]");
    if (toggle) { toggle.setAttribute("aria-expanded", String(on)); }
  }
  document.addEventListener("click", function (event) {
    var paragraph = event.target.closest("[data-paragraph]");
    document.querySelectorAll("[data-paragraph].is-active").forEach(function (other) {
      if (other !== paragraph) { activate(other, false); }
    });
    if (!paragraph) { return; }
    if (event.target.closest("[data-tools-toggle]")) {
      activate(paragraph, !paragraph.classList.contains("is-active"));
    } else {
      activate(paragraph, true);
    }
  });
  var reader = document.querySelector("[data-reader]");
  if (reader) { reader.classList.add("has-tools-toggles"); }

  // Selecting words in a paragraph offers "Annotate", "Copy quote link" and "Where else
  // adopted" beside them.
  var menu = null;
  var chosen = null;

  function selectionMenu() {
    if (menu) { return menu; }
    menu = document.createElement("div");
    menu.className = "selection-menu";
    menu.setAttribute("role", "toolbar");
    menu.setAttribute("aria-label", "Selected words");
    menu.hidden = true;
    [["Annotate", annotateSelection], ["Copy quote link", copyQuoteLink], ["Where else adopted", whereElseAdopted]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = pair[0];
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", pair[1]);
      menu.appendChild(button);
    });
    document.body.appendChild(menu);
    return menu;
  }

  function annotateSelection() {
    if (!chosen) { return; }
    var form = chosen.paragraph.querySelector("form[data-quote-for]");
    var signIn = chosen.paragraph.querySelector("[data-sign-in]");
    selectionMenu().hidden = true;
    if (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    } else if (signIn) {
      window.location.href = signIn.href;
    }
  }

  function copyQuoteLink(event) {
    if (!chosen) { return; }
    var link = chosen.paragraph.querySelector("[data-copy-link]");
    var url = new URL(link ? link.dataset.copyLink : window.location.pathname, window.location.href);
    url.hash = "";
    copy(url.href + "#:~:text=" + quoteFragment(chosen.quote), event.currentTarget, "Link to quote copied");
    selectionMenu().hidden = true;
  }

  // The selected words looked up as a phrase, in the paragraph's agreed-language panel (its
  // page without htmx), in the language the reader shows.
  function whereElseAdopted() {
    if (!chosen) { return; }
    var link = chosen.paragraph.querySelector("a[data-agreed]");
    selectionMenu().hidden = true;
    if (!link) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href);
    url.searchParams.set("q", chosen.quote);
    var language = new URLSearchParams(window.location.search).get("lang");
    if (language) { url.searchParams.set("lang", language); }
    var path = url.pathname + url.search;
    if (window.htmx && panel()) {
      opener = link;
      window.htmx.ajax("GET", path, { target: "#panel" });
    } else {
      window.location.href = path;
    }
  }

  function showSelectionMenu() {
    var selection = document.getSelection();
    var box = selectionMenu();
    chosen = null;
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { box.hidden = true; return; }
    var paragraph = null;
    document.querySelectorAll("[data-paragraph]").forEach(function (candidate) {
      if (!paragraph && selectedQuote(candidate)) { paragraph = candidate; }
    });
    if (!paragraph) { box.hidden = true; return; }
    chosen = { paragraph: paragraph, quote: selectedQuote(paragraph) };
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    box.hidden = false;
    var top = rect.top + window.scrollY - box.offsetHeight - 8;
    if (top < window.scrollY) { top = rect.bottom + window.scrollY + 8; }
    var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
    box.style.top = top + "px";
    box.style.left = left + "px";
  }

  document.addEventListener("selectionchange", showSelectionMenu);
  document.addEventListener("DOMContentLoaded", function () { init(document); scrollToMarked(); });
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

  // Footnote markers and the notes themselves are not part of the paragraph's words.
  var NOT_TEXT = ".notes, .fn-ref, [data-not-quoted]";

  // Where a paragraph's words are: the reader marks them with data-quote-source.
  function textRoot(pid) {
    var paragraph = document.getElementById(pid);
    if (!paragraph) { return null; }
    return paragraph.querySelector("[data-quote-source]") || paragraph;
  }

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(NOT_TEXT)
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    return nodes;
  }

  // The paragraph's own words within a range, as the server stores them.
  function wordsIn(root, range) {
    var out = "";
    textNodes(root).forEach(function (node) {
      if (!range.intersectsNode(node)) { return; }
      var start = node === range.startContainer ? range.startOffset : 0;
      var end = node === range.endContainer ? range.endOffset : node.data.length;
      out += node.data.slice(start, end);
    });
    return out;
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

  // The server says where the quote stands (data-quote-start, data-quote-end, in the words the
  // page shows); the words there are checked against the quote, spacing aside, so a paragraph
  // shown in another language than the quote's is left unmarked.
  function quoteSpan(text, note) {
    var start = parseInt(note.dataset.quoteStart, 10);
    var end = parseInt(note.dataset.quoteEnd, 10);
    if (isNaN(start) || isNaN(end) || start >= end || end > text.length) { return null; }
    var spaced = function (words) { return words.split(/\s+/).filter(Boolean).join(" "); };
    return spaced(text.slice(start, end)) === spaced(note.dataset.quoteExact) ? [start, end] : null;
  }

  function highlightQuotes() {
    if (!(window.CSS && CSS.highlights && window.Highlight)) { return; }
    var ranges = [];
    document.querySelectorAll("[data-quote-exact]").forEach(function (note) {
      var root = textRoot(note.dataset.pid);
      var paragraph = document.getElementById(note.dataset.pid);
      if (!root || !paragraph.contains(note)) { return; }
      var nodes = textNodes(root);
      var text = nodes.map(function (n) { return n.data; }).join("");
      var span = quoteSpan(text, note);
      var range = span && rangeAt(nodes, span[0], span[1]);
      if (range) { ranges.push(range); }
    });
    CSS.highlights.set("annotation-quote", new Highlight(...ranges));
  }

  function rememberSelection() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    document.querySelectorAll("form[data-quote-for]").forEach(function (form) {
      var root = textRoot(form.dataset.quoteFor);
      if (!root || !root.contains(range.startContainer) || !root.contains(range.endContainer)) { return; }
      var nodes = textNodes(root);
      if (!nodes.length) { return; }
      var before = document.createRange();
      before.setStart(root, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var after = document.createRange();
      after.setStart(range.endContainer, range.endOffset);
      after.setEnd(nodes[nodes.length - 1], nodes[nodes.length - 1].data.length);
      var spoken = root.closest("[lang]");
      var fields = {
        quote_language: spoken ? spoken.getAttribute("lang") : "",
        quote_exact: wordsIn(root, range).trim(),
        quote_prefix: wordsIn(root, before).slice(-CONTEXT),
        quote_suffix: wordsIn(root, after).slice(0, CONTEXT)
      };
      Object.keys(fields).forEach(function (name) {
        var input = form.elements[name];
        if (!input) { return; }
        input.value = fields[name];
        input.disabled = !fields.quote_exact;
      });
    });
  }

  // A link to a note the reader cannot see here (a team's note, the reader signed out): say so,
  // and sign in straight back to the same note.
  function explainMissingNote() {
    var notice = document.querySelector("[data-missing-note]");
    var hash = window.location.hash;
    if (!notice || !/^#annotation-[0-9a-f-]+$/.test(hash) || document.getElementById(hash.slice(1))) {
      return;
    }
    var link = notice.querySelector("[data-missing-note-sign-in]");
    var back = window.location.pathname + window.location.search + hash;
    link.href = link.getAttribute("href").split("?")[0] + "?next=" + encodeURIComponent(back);
    notice.hidden = false;
  }

  document.addEventListener("selectionchange", rememberSelection);
  document.addEventListener("DOMContentLoaded", highlightQuotes);
  document.addEventListener("DOMContentLoaded", explainMissingNote);
  document.addEventListener("htmx:load", highlightQuotes);
  document.addEventListener("htmx:afterSettle", highlightQuotes);
})();
