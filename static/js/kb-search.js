/* Suggestions while typing in the help centre's search box (the home page's box carries
   data-kb-suggest, the search API's URL). The WAI-ARIA combobox pattern: the input keeps focus, the
   suggestions are a listbox, arrow keys move aria-activedescendant, Enter opens the highlighted
   article, Escape closes; the count is announced through a polite live region. Requests wait for a
   pause in typing and an older answer never replaces a newer one. Without JavaScript the form
   simply submits to the results page. */
(function () {
  "use strict";

  var PAUSE_MS = 250;
  var MIN_CHARS = 2;
  var MAX_SUGGESTIONS = 6;

  function t(text) {
    return typeof window.gettext === "function" ? window.gettext(text) : text;
  }

  function countText(count) {
    if (typeof window.ngettext === "function" && typeof window.interpolate === "function") {
      return window.interpolate(window.ngettext("%s suggestion", "%s suggestions", count), [count]);
    }
    return count + " suggestions";
  }

  function setUp(form) {
    var input = form.querySelector("input[role=combobox]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.id + "-status");
    var endpoint = form.getAttribute("data-kb-suggest");
    var language = form.getAttribute("data-lang") || "en";
    var timer = null;
    var latest = 0;
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) {
        all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    function render(results) {
      list.textContent = "";
      results.slice(0, MAX_SUGGESTIONS).forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var link = document.createElement("a");
        link.href = item.url;
        link.tabIndex = -1;
        link.textContent = item.title;
        li.appendChild(link);
        list.appendChild(li);
      });
      var count = list.children.length;
      list.hidden = count === 0;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      status.textContent = count ? countText(count) : t("No suggestions");
      active = -1;
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        close();
        return;
      }
      var ticket = ++latest;
      var url = endpoint + "?" + new URLSearchParams({ q: query, lang: language, page_size: MAX_SUGGESTIONS });
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (body) {
          if (ticket === latest) render(body.results || []);
        })
        .catch(function () {
          if (ticket === latest) close();
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, PAUSE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) return;
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].querySelector("a").href);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      // After a click on a suggestion has had its chance to follow the link.
      window.setTimeout(close, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-kb-suggest]");
    for (var i = 0; i < forms.length; i++) setUp(forms[i]);
  });
})();
