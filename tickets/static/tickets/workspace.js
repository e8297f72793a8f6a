/* The ticket page of the agent workspace. Everything here only helps: without JavaScript the
   "Insert" button adds a canned response and the server refuses a reply that collides.
   - a canned response chosen in the list is inserted at the cursor, already filled in;
   - the page polls who else has the ticket open and whether anyone wrote since it loaded, and
     says so before the agent sends. */
(function () {
  "use strict";
  var root = document.getElementById("workspace");
  if (!root) return;
  document.querySelectorAll(".ws-noscript").forEach(function (el) { el.hidden = true; });

  var body = document.getElementById("reply-body");
  var select = document.getElementById("canned-select");
  var data = document.getElementById("canned-data");
  if (select && data && body) {
    var responses = {};
    JSON.parse(data.textContent).forEach(function (r) { responses[String(r.id)] = r.body; });
    select.addEventListener("change", function () {
      var text = responses[select.value];
      if (!text) return;
      var start = body.selectionStart, end = body.selectionEnd, value = body.value;
      if (start === undefined || start === null) { start = end = value.length; }
      body.value = value.slice(0, start) + text + value.slice(end);
      body.focus();
      body.selectionStart = body.selectionEnd = start + text.length;
      select.value = "";
    });
  }

  var viewers = document.getElementById("ws-viewers");
  var newer = document.getElementById("ws-newer");
  var url = root.dataset.activityUrl + "?since=" + encodeURIComponent(root.dataset.seen || "0");
  var every = Math.max(5, parseInt(root.dataset.poll || "15", 10)) * 1000;
  var sawNewer = false;

  function show(activity) {
    if (viewers) {
      viewers.hidden = activity.viewers.length === 0;
      viewers.textContent = viewers.dataset.template + " " + activity.viewers.join(", ");
    }
    if (newer && activity.new_messages > 0) {
      newer.hidden = false;
      sawNewer = true;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (activity) { if (activity) show(activity); })
      .catch(function () { /* offline for a moment: the server still checks on send */ });
  }
  setInterval(poll, every);

  var reload = newer && newer.querySelector("[data-reload]");
  if (reload) reload.addEventListener("click", function (event) { event.preventDefault(); window.location.reload(); });

  var form = document.getElementById("reply-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      if (sawNewer && event.submitter && event.submitter.hasAttribute("data-send")) {
        newer.scrollIntoView({ block: "center" });
        newer.classList.add("ws-flash");
      }
    });
  }
})();
