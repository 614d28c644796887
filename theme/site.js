// keydoctor's site script: the light/dark toggle and the copy buttons on code
// blocks. Loaded in <head> so a stored colour choice applies before paint.
// No framework, no tracking, no inline code (the CSP forbids it).
(function () {
  "use strict";
  var root = document.documentElement;
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

  function setUpToggle() {
    var toggle = document.querySelector(".theme-toggle");
    if (!toggle) return;
    var sync = function () { toggle.setAttribute("aria-pressed", String(scheme() === "dark")); };
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = scheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(STORAGE_KEY, next); } catch (e) { /* not kept */ }
      sync();
    });
  }

  function setUpCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".code-block").forEach(function (block) {
      var button = block.querySelector(".copy-button");
      var code = block.querySelector("code");
      if (!button || !code) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent).then(
          function () { button.textContent = "Copied"; },
          function () { button.textContent = "Copy failed"; }
        );
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpToggle();
    setUpCopyButtons();
  });
})();
