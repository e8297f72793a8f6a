/* The SLA countdown in the queue and on the ticket page keeps ticking without a reload: every 30 s
   each ".sla[data-due]" is rewritten from its deadline, amber past its warning point ("data-warn")
   and red once overdue. The words are the server's, in the page's language (the "sla-phrases" JSON
   that tickets.display.SlaPhrases writes), so the script and the page never disagree. */
(function () {
  "use strict";
  var data = document.getElementById("sla-phrases");
  if (!data) return;
  var phrases = JSON.parse(data.textContent);
  var STATES = ["sla-ok", "sla-warning", "sla-breached"];

  // Python's "%(name)d" and "%(name)02d", the only conversions the phrases use.
  function format(text, values) {
    return text.replace(/%\((\w+)\)(0?)(\d*)d/g, function (_match, name, zero, width) {
      var value = String(values[name]);
      while (zero && value.length < parseInt(width, 10)) value = "0" + value;
      return value;
    });
  }

  function humanise(seconds) {
    seconds = Math.floor(Math.abs(seconds));
    if (seconds < 60) return format(phrases.s, { n: seconds });
    if (seconds < 3600) return format(phrases.min, { n: Math.floor(seconds / 60) });
    if (seconds < 86400) return format(phrases.h, { h: Math.floor(seconds / 3600), m: Math.floor(seconds % 3600 / 60) });
    return format(phrases.d, { d: Math.floor(seconds / 86400), h: Math.floor(seconds % 86400 / 3600) });
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".sla[data-due]").forEach(function (badge) {
      var due = Date.parse(badge.dataset.due);
      if (isNaN(due)) return;
      var warn = badge.dataset.warn ? Date.parse(badge.dataset.warn) : NaN;
      var left = (due - now) / 1000;
      var state = left < 0 ? "sla-breached" : (!isNaN(warn) && warn <= now ? "sla-warning" : "sla-ok");
      var template = left < 0 ? phrases.overdue : phrases.left;
      badge.textContent = template.replace("%(time)s", humanise(left));
      STATES.forEach(function (name) { badge.classList.toggle(name, name === state); });
    });
  }

  tick();
  setInterval(tick, 30000);
})();
