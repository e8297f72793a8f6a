/* Warn while someone types, before they send, when a field holds what looks like a seed phrase, a
   private key, a password or a one-time code. The rules are the server's (safety.guard), asked after a
   pause in typing: one copy of them, in words for text not sent yet. Fields opt in
   with data-secret-guard; the warning is announced politely. Works only as an enhancement: without
   JavaScript the server still removes the secret and says so after sending. */
(function () {
  "use strict";

  var PAUSE_MS = 700;
  var MIN_LENGTH = 12;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function box(field) {
    var id = field.id + "_secret_warning";
    var existing = document.getElementById(id);
    if (existing) return existing;
    var el = document.createElement("div");
    el.id = id;
    el.className = "alert alert-warning secret-warning";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    el.hidden = true;
    field.insertAdjacentElement("afterend", el);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + id : id);
    return el;
  }

  function show(field, warnings) {
    var el = box(field);
    el.textContent = "";
    warnings.forEach(function (warning) {
      var p = document.createElement("p");
      p.textContent = warning.message;
      el.appendChild(p);
    });
    el.hidden = warnings.length === 0;
  }

  function check(field, url) {
    var text = field.value;
    if (text.length < MIN_LENGTH) { show(field, []); return; }
    var request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Content-Type", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken(field.form));
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status !== 200 || field.value !== text) return;
      try { show(field, JSON.parse(request.responseText).warnings || []); } catch (e) { /* keep the page */ }
    };
    request.send(JSON.stringify({ text: text }));
  }

  function watch(field) {
    var url = field.getAttribute("data-secret-guard");
    var timer = null;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { check(field, url); }, PAUSE_MS);
    });
  }

  document.querySelectorAll("[data-secret-guard]").forEach(watch);
})();
