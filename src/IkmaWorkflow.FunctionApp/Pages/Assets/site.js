// IKMA Workflow pages: a little help on top of forms that work without it.
// - A form's button is disabled once pressed, so a double click sends it once (the app would store it once anyway).
// - An upload form shows its progress; the answer then replaces the page as a normal submission would.
// - "Tick all" ticks every box of a checklist.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if (form.dataset.sending === "true") { event.preventDefault(); return; }
    form.dataset.sending = "true";
    var key = form.querySelector("input[name=__key]");
    if (key && window.sessionStorage) { sessionStorage.setItem(keyName(form), key.value); }
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });

    var progress = form.querySelector(".progress");
    if (!form.classList.contains("upload") || !progress || !window.FormData || !window.XMLHttpRequest) { return; }
    event.preventDefault();
    var bar = progress.querySelector("progress");
    var percent = progress.querySelector(".percent");
    progress.hidden = false;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var value = Math.round(e.loaded * 100 / e.total);
      bar.value = value;
      bar.textContent = value + "%";
      percent.textContent = value + "%";
    });
    request.addEventListener("load", function () {
      if (request.status < 400 && request.responseURL) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      // The network failed: send the form the ordinary way, which shows the browser's own error.
      form.dataset.sending = "false";
      form.classList.remove("upload");
      form.submit();
    });
    request.send(new FormData(form));
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-check-all]") : null;
    if (!button) { return; }
    var form = button.closest("form");
    form.querySelectorAll("input[type=checkbox][name=" + button.dataset.checkAll + "]").forEach(function (box) { box.checked = true; });
  });

  // The back button reloads a page and the browser puts back what was typed, but not a hidden field: the form's
  // idempotency key, remembered for this tab when the form was sent, is put back too, so sending the form again is
  // the same submission, which the app answers from what it stored the first time.
  function keyName(form) { return "ikma-key " + location.pathname + " " + form.getAttribute("action"); }
  var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && navigation.type === "back_forward" && window.sessionStorage) {
    document.querySelectorAll("form").forEach(function (form) {
      var key = form.querySelector("input[name=__key]");
      var sent = sessionStorage.getItem(keyName(form));
      if (key && sent) { key.value = sent; }
    });
  }

  // Back to a page whose form was sent (the back button): the same form, same key, may be sent again; the app
  // answers what it stored the first time.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) {
      form.dataset.sending = "false";
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
    });
  });

  // A form that came back with problems: move to the summary so a screen reader reads it first.
  var problem = document.getElementById("problem");
  if (problem) { problem.focus(); }
})();
