// The header's menu button: at narrow widths the navigation folds away behind it.
// Without this script the navigation simply stays open (wrapped), so nothing is lost.
(function () {
  "use strict";
  function setUp() {
    var button = document.querySelector("header.top .menu-button");
    var nav = document.getElementById("main-nav");
    if (!button || !nav) return;
    document.documentElement.classList.add("has-menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
