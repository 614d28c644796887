// The site script: the light/dark toggle, the menu on narrow screens and
// the copy buttons on code blocks. Loaded in <head> so a stored colour choice applies before paint.
// No framework, no tracking, no inline code (the CSP forbids it).
(function () {
  "use strict";
  var root = document.documentElement;
  // Lets a stylesheet show what only works with JavaScript (a widget's
  // "loading…") and hide what is for readers without it, before paint.
  root.classList.add("js");
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
    root.classList.add("can-copy");
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpToggle();
    setUpMenu();
    setUpCopyButtons();
  });
})();
