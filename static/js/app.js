/* Supportdesk: small enhancements over pages that already work without JavaScript.
   Strings go through Django's JavaScript catalog (/jsi18n/), loaded before this file. */
(function () {
  "use strict";

  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return String(obj[key]); });
  };

  /* Call sites wrap the literal in gettext() themselves, so makemessages can find it. */
  function format(translated, values) {
    return interpolate(translated, values, true);
  }

  function humanSize(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  /* Times are rendered in UTC by the server; show them in the reader's own time zone. */
  function localTimes(root) {
    var lang = document.documentElement.lang || undefined;
    (root || document).querySelectorAll("time[data-local]").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) return;
      el.title = el.textContent.trim();
      try {
        el.textContent = el.hasAttribute("data-time-only") ?
          date.toLocaleTimeString(lang, { timeStyle: "short" }) :
          date.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
      } catch (e) {
        el.textContent = date.toLocaleString();
      }
    });
  }

  /* Step two: switch the ticket type in place, showing the fields that type asks for. */
  function typeSwitch() {
    var box = document.querySelector("[data-type-switch]");
    var dataEl = document.getElementById("ticket-types-data");
    if (!box || !dataEl) return;
    var types = JSON.parse(dataEl.textContent);
    var input = box.querySelector("[data-type-input]");
    var form = box.closest("form");
    var section = form.querySelector("[data-structured-section]");

    var wrap = document.createElement("div");
    wrap.className = "type-current-select";
    var label = document.createElement("label");
    label.htmlFor = "id_type_switch";
    label.textContent = gettext("Topic");
    var select = document.createElement("select");
    select.id = "id_type_switch";
    types.forEach(function (type) {
      select.add(new Option(type.name, type.slug, false, type.slug === input.value));
    });
    wrap.appendChild(label);
    wrap.appendChild(select);
    box.querySelector("[data-type-static]").hidden = true;
    box.appendChild(wrap);

    select.addEventListener("change", function () {
      var type = types.filter(function (t) { return t.slug === select.value; })[0];
      if (!type) return;
      input.value = type.slug;
      var query = "?type=" + encodeURIComponent(type.slug);
      form.setAttribute("action", form.getAttribute("action").split("?")[0] + query);
      history.replaceState(null, "", window.location.pathname + query);
      var anyAsked = false;
      form.querySelectorAll("[data-structured]").forEach(function (field) {
        var name = field.getAttribute("data-structured");
        var asked = type.fields.indexOf(name) !== -1;
        var required = asked && type.required.indexOf(name) !== -1;
        anyAsked = anyAsked || asked;
        field.hidden = !asked;
        field.querySelectorAll("input, textarea, select").forEach(function (control) {
          control.disabled = !asked;
          control.required = required;
        });
        var mark = field.querySelector("[data-required-mark]");
        if (mark) mark.hidden = !required;
      });
      if (section) section.hidden = !anyAsked;
    });
  }

  /* Screenshots: previews, drag and drop, removal, and the same limits the server enforces
     (the server stays the judge: this only saves a wasted upload). */
  function dropzones() {
    if (typeof DataTransfer === "undefined") return;
    document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
      var input = zone.querySelector("input[type=file]");
      if (!input) return;
      try {
        input.files = new DataTransfer().files;
      } catch (e) {
        return; // this browser cannot set a file list: keep the plain input
      }
      var maxFiles = parseInt(input.getAttribute("data-max-files"), 10) || 5;
      var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10) || 5 * 1024 * 1024;
      var accepted = (input.getAttribute("accept") || "").split(",").map(function (s) { return s.trim(); });
      var list = zone.querySelector("[data-previews]");
      var errorEl = zone.querySelector("[data-client-error]");
      var files = [];

      zone.classList.add("is-enhanced");
      zone.querySelector("[data-dropzone-hint]").hidden = false;

      zone.addEventListener("click", function (event) {
        if (event.target === input || event.target.closest(".preview")) return;
        input.click();
      });
      input.addEventListener("change", function () {
        add(Array.prototype.slice.call(input.files));
      });
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("is-dragging");
        });
      });
      ["dragleave", "dragend", "drop"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.remove("is-dragging");
        });
      });
      zone.addEventListener("drop", function (event) {
        if (event.dataTransfer && event.dataTransfer.files) {
          add(Array.prototype.slice.call(event.dataTransfer.files));
        }
      });

      function add(chosen) {
        var problems = [];
        var tooMany = false;
        chosen.forEach(function (file) {
          var duplicate = files.some(function (f) {
            return f.name === file.name && f.size === file.size && f.lastModified === file.lastModified;
          });
          if (duplicate) return;
          if (accepted.indexOf(file.type) === -1) {
            problems.push(format(gettext("%(name)s is not a PNG, JPEG or WebP image."), { name: file.name }));
          } else if (file.size > maxBytes) {
            problems.push(format(gettext("%(name)s is larger than %(mb)s MB."), {
              name: file.name, mb: Math.round(maxBytes / (1024 * 1024)),
            }));
          } else if (files.length >= maxFiles) {
            tooMany = true;
          } else {
            files.push(file);
          }
        });
        if (tooMany) problems.push(format(gettext("At most %(limit)s screenshots per message."), { limit: maxFiles }));
        sync();
        render();
        errorEl.textContent = problems.join(" ");
        errorEl.hidden = problems.length === 0;
      }

      function remove(index) {
        files.splice(index, 1);
        sync();
        render();
        errorEl.hidden = true;
        input.focus();
      }

      function sync() {
        var transfer = new DataTransfer();
        files.forEach(function (file) { transfer.items.add(file); });
        input.files = transfer.files;
      }

      function render() {
        list.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
        list.textContent = "";
        files.forEach(function (file, index) {
          var item = document.createElement("li");
          item.className = "preview";
          var img = document.createElement("img");
          img.src = URL.createObjectURL(file);
          img.alt = "";
          var name = document.createElement("span");
          name.className = "preview-name";
          name.textContent = file.name;
          name.title = file.name;
          var size = document.createElement("span");
          size.className = "preview-size";
          size.textContent = humanSize(file.size);
          var button = document.createElement("button");
          button.type = "button";
          button.className = "preview-remove";
          button.setAttribute("aria-label", format(gettext("Remove %(name)s"), { name: file.name }));
          button.textContent = "\u00d7";
          button.addEventListener("click", function () { remove(index); });
          item.appendChild(img);
          item.appendChild(name);
          item.appendChild(size);
          item.appendChild(button);
          list.appendChild(item);
        });
      }
    });
  }

  /* One click, one ticket: a second click while the upload runs would file it twice. */
  function submitGuards() {
    document.querySelectorAll("form[data-ticket-form]").forEach(function (form) {
      var button = form.querySelector("[data-submit]");
      var label = button ? button.textContent : "";
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-sending")) {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-sending", "1");
        if (button) {
          button.disabled = true;
          button.textContent = gettext("Sending…");
        }
      });
      window.addEventListener("pageshow", function () {
        form.removeAttribute("data-sending");
        if (button) {
          button.disabled = false;
          button.textContent = label;
        }
      });
    });
  }

  function copyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          button.textContent = gettext("Copied");
        });
      });
    });
  }

  /* Ticket form (after the type is chosen): suggest up to three help articles matching the title.
     Each link carries the search's click token, so opening one is recorded as a deflection. */
  function articleSuggestions() {
    var title = document.getElementById("id_title");
    if (!title || !title.form || !title.form.querySelector("[data-type-input]") || !window.fetch) return;
    var field = title.closest(".field") || title.parentNode;
    var box = document.createElement("div");
    box.className = "kb-suggestions";
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    field.appendChild(box);
    var timer = null;
    var latest = "";
    var lang = document.documentElement.lang || "en";

    function show(items) {
      box.textContent = "";
      if (!items.length) { box.hidden = true; return; }
      var heading = document.createElement("p");
      heading.className = "kb-suggestions-title";
      heading.textContent = gettext("These articles may answer your question:");
      var list = document.createElement("ul");
      items.slice(0, 3).forEach(function (item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = item.title;
        li.appendChild(link);
        list.appendChild(li);
      });
      box.appendChild(heading);
      box.appendChild(list);
      box.hidden = false;
    }

    function search() {
      var query = title.value.trim();
      if (query.length < 3) { latest = query; show([]); return; }
      if (query === latest) return;
      latest = query;
      var url = "/api/v1/kb/articles/?page_size=3&source=ticket_form&lang=" + encodeURIComponent(lang) +
        "&q=" + encodeURIComponent(query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (query === latest) show(data.results || []); })
        .catch(function () { /* suggestions are a nicety: the form works without them */ });
    }

    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 400);
    });
  }

  /* The conversation page: new replies appear without a reload. Asks every 12 s while the tab is
     visible (and at once when it comes back), adds what is new as the server rendered it, and
     says so through the live region. */
  function threadUpdates() {
    var thread = document.querySelector("[data-thread][data-poll-url]");
    if (!thread || !window.fetch) return;
    var url = thread.getAttribute("data-poll-url");
    var after = thread.getAttribute("data-after") || "0";
    var status = thread.getAttribute("data-status");
    var announce = document.querySelector("[data-thread-announce]");
    var changed = document.querySelector("[data-status-changed]");
    var busy = false;
    var failures = 0;

    function add(message) {
      if (document.getElementById("message-" + message.id)) return false;
      var holder = document.createElement("template");
      holder.innerHTML = message.html;
      var item = holder.content.firstElementChild;
      if (!item) return false;
      item.classList.add("is-new");
      thread.appendChild(item);
      localTimes(item);
      return message.role === "agent";
    }

    function poll() {
      if (busy || document.hidden) return;
      busy = true;
      fetch(url + "?after=" + encodeURIComponent(after), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          busy = false;
          if (!data) { failures += 1; return; }
          failures = 0;
          var fromAgent = 0;
          (data.messages || []).forEach(function (message) {
            if (add(message)) fromAgent += 1;
            after = String(message.id);
          });
          if (fromAgent && announce) {
            announce.textContent = fromAgent === 1 ? gettext("New reply from support.") :
              format(gettext("%(count)s new replies from support."), { count: fromAgent });
          }
          if (data.status && data.status !== status) {
            var badge = document.querySelector(".ticket-ref .badge");
            if (badge) {
              badge.className = "badge badge-" + data.status;
              badge.textContent = data.status_label;
            }
            status = data.status;
            /* Solved or closed changes what the page offers (rating, reopening): say so. */
            if (changed && (status === "solved" || status === "closed")) {
              changed.textContent = format(gettext("This ticket is now: %(status)s. Reload the page for what you can do next."),
                { status: data.status_label });
              changed.hidden = false;
            }
          }
        })
        .catch(function () { busy = false; failures += 1; });
    }

    var seconds = parseInt(thread.getAttribute("data-poll-seconds"), 10) || 12;
    setInterval(function () { if (failures < 20) poll(); }, seconds * 1000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  }

  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  localTimes();
  typeSwitch();
  dropzones();
  submitGuards();
  copyButtons();
  focusErrors();
  articleSuggestions();
  threadUpdates();
})();
