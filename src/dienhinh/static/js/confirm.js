/* Irreversible actions ask first. A form (or its submit button) with data-confirm="what will happen" opens a native
   <dialog> with that text and two buttons (data-confirm-yes, data-confirm-no); the form is sent
   only on yes. No inline script or style: this file is served from /static/ under the CSP.
   Without JavaScript the form is sent directly, as before.
   A form with data-once is sent once: a second click (a double click) while the page is
   leaving is ignored. The server refuses a repeat anyway (the form carries the record's
   version); this spares the user the message. */
(function () {
  "use strict";

  function ask(form, submitter, source) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    text.textContent = source.getAttribute("data-confirm");
    var buttons = document.createElement("form");
    buttons.method = "dialog";
    buttons.className = "cluster";
    var no = document.createElement("button");
    no.value = "cancel";
    no.className = "btn";
    no.textContent = source.getAttribute("data-confirm-no") || "Cancel";
    var yes = document.createElement("button");
    yes.value = "ok";
    yes.className = "btn btn--danger";
    yes.setAttribute("data-confirm-ok", "");
    yes.textContent = source.getAttribute("data-confirm-yes") || "OK";
    buttons.append(no, yes);
    dialog.append(text, buttons);
    document.body.append(dialog);
    dialog.addEventListener("close", function () {
      var confirmed = dialog.returnValue === "ok";
      dialog.remove();
      if (!confirmed) {
        return;
      }
      form.setAttribute("data-confirmed", "1");
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    });
    dialog.showModal();
    no.focus();
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var submitter = event.submitter;
      var source =
        submitter && submitter.hasAttribute("data-confirm")
          ? submitter
          : form.hasAttribute("data-confirm")
            ? form
            : null;
      if (source && form.getAttribute("data-confirmed") !== "1") {
        event.preventDefault();
        ask(form, submitter, source);
        return;
      }
      form.removeAttribute("data-confirmed");
      if (form.hasAttribute("data-once")) {
        if (form.getAttribute("data-sent") === "1") {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-sent", "1");
      }
    },
    true
  );

  // Back to a page kept in the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      form.removeAttribute("data-sent");
    });
  });
})();
