// The site script: the light/dark toggle, the menu on narrow screens, the
// copy buttons on code blocks and the search boxes' loader. Loaded in <head> so a stored colour choice applies before paint.
// No framework, no tracking, no inline code (the CSP forbids it).
(function () {
  "use strict";
  var root = document.documentElement;
  // Lets a stylesheet show what only works with JavaScript (a widget's
  // "loading…") and hide what is for readers without it, before paint.
  root.classList.add("js");
  if (navigator.clipboard) root.classList.add("can-copy");
  var STORAGE_KEY = "keydoctor-colour-scheme";
  try {
    var stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  } catch (e) { /* storage blocked: follow the system setting */ }

  function scheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // The button names what it will do; the change is announced politely.
  function setUpToggle() {
    var toggle = document.querySelector(".theme-toggle");
    var status = document.getElementById("theme-status");
    if (!toggle) return;
    var sync = function () { toggle.textContent = scheme() === "dark" ? "Light mode" : "Dark mode"; };
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = scheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(STORAGE_KEY, next); } catch (e) { /* not kept */ }
      sync();
      if (status) status.textContent = next === "dark" ? "Dark colours on" : "Light colours on";
    });
  }

  // On wide screens the menu is always open; on narrow ones it starts
  // closed below a one-line "Menu", so the page's content comes first.
  function setUpMenu() {
    var menu = document.getElementById("site-nav");
    if (!menu || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 50.01rem)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }

  // One listener for every copy button, so code blocks a widget adds
  // later (a verdict card's command) copy the same way.
  function setUpCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".code-block .copy-button").forEach(function (button) { button.hidden = false; });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".code-block .copy-button");
      var code = button && button.closest(".code-block").querySelector("code");
      if (!code) return;
      navigator.clipboard.writeText(code.textContent).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Copy failed"; }
      );
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  }

  // Search: the boxes show only with JavaScript (without it the header
  // links to the list of all pages); search.js loads on the first focus,
  // input or paste, so a page that is only read never fetches it.
  function setUpSearch() {
    var holder = document.querySelector(".site-search");
    if (!holder) return;
    var boxes = document.querySelectorAll("[data-search-box]");
    var loaded = false;
    var load = function () {
      if (loaded) return;
      loaded = true;
      var script = document.createElement("script");
      script.src = holder.getAttribute("data-script");
      script.integrity = holder.getAttribute("data-integrity");
      document.head.appendChild(script);
    };
    boxes.forEach(function (box) {
      box.hidden = false;
      if (box.parentElement.classList.contains("paste-box")) box.parentElement.hidden = false;
      box.addEventListener("focus", load);
      box.addEventListener("input", load);
      box.addEventListener("paste", function (e) {
        var text = e.clipboardData && e.clipboardData.getData("text");
        if (!box.searchBox && text && text.indexOf("\n") >= 0) box.setAttribute("data-pasted", text);
        load();
      });
    });
    var fallback = holder.querySelector(".search-fallback");
    if (fallback) fallback.hidden = true;
    var header = document.getElementById("search-input");
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !header) return;
      var target = e.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      e.preventDefault();
      header.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpToggle();
    setUpMenu();
    setUpCopyButtons();
    setUpSearch();
  });
})();
