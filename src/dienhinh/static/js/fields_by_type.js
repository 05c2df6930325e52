// The candidate form offers only the fields of work whose criteria name the chosen subject type:
// a <select data-fields-by-type="NAME"> hides each option whose data-types lacks the value of
// the form's NAME input (the server refuses any other field all the same).
(function () {
  "use strict";
  function update(select) {
    var form = select.form;
    var typeInput = form && form.elements[select.getAttribute("data-fields-by-type")];
    if (!typeInput) { return; }
    var chosen = typeInput.value;
    Array.prototype.forEach.call(select.options, function (option) {
      var types = option.getAttribute("data-types");
      var fits = types === null || !chosen || types.split(" ").indexOf(chosen) !== -1;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) { select.value = ""; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-fields-by-type]").forEach(function (select) {
      var typeInput = select.form && select.form.elements[select.getAttribute("data-fields-by-type")];
      if (!typeInput) { return; }
      update(select);
      typeInput.addEventListener("change", function () { update(select); });
    });
  });
})();
