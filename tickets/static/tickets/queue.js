/* The queue's filters fold away behind a button, so the table can take the page's whole width;
   the choice is remembered in this browser. Without JavaScript the filters simply stay open. */
(function () {
  "use strict";
  var KEY = "supportdesk.queue.filters";
  var changelist = document.getElementById("changelist");
  var button = document.getElementById("ws-filter-toggle");
  if (!changelist || !button) return;

  function show(open) {
    changelist.classList.toggle("ws-filters-hidden", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage off: open by default */ }
  show(stored !== "hidden");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    show(open);
    try { window.localStorage.setItem(KEY, open ? "shown" : "hidden"); } catch (e) { /* not remembered */ }
  });
})();
