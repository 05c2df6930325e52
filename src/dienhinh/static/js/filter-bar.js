// Filter bars (<details class="filter-bar" data-open-wide>): open on a desktop, where they take
// one line; folded on a phone, so that the numbers come first. Nothing happens without script:
// the bar is then a plain disclosure.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48rem)");
  function apply() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (bar) {
      if (wide.matches) { bar.open = true; }
    });
  }
  document.addEventListener("DOMContentLoaded", apply);
  wide.addEventListener("change", apply);
})();
