/* The assistant's panel on every help-centre page. Without JavaScript the launcher is a link to the
   plain assistant page; with it, the link opens a dialog that talks to /api/v1/assistant/.
   Accessible: a labelled modal dialog, focus kept inside while open and returned to the launcher on
   close, Escape closes, replies announced through the log's live region. No inline script or style
   (the site's Content-Security-Policy): everything is built with DOM calls and CSS classes. */
(function () {
  "use strict";

  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return String(obj[key]); });
  };
  var STORE_KEY = "sd-assistant-" + (document.documentElement.lang || "en");
  var POLL_MS = 3000;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function csrfToken(root) {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function request(method, url, body, token, done) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader("Accept", "application/json");
    if (body) xhr.setRequestHeader("Content-Type", "application/json");
    if (token) xhr.setRequestHeader("X-CSRFToken", token);
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      done(xhr.status, data);
    };
    xhr.onerror = function () { done(0, null); };
    xhr.send(body ? JSON.stringify(body) : null);
  }

  function firstError(data) {
    if (!data) return gettext("Something went wrong. Please try again.");
    if (data.detail) return data.detail;
    var errors = data.errors || {};
    for (var key in errors) {
      if (Object.prototype.hasOwnProperty.call(errors, key) && errors[key].length) return errors[key][0];
    }
    return gettext("Something went wrong. Please try again.");
  }

  function Assistant(root) {
    this.root = root;
    this.api = root.getAttribute("data-api");
    this.launcher = root.querySelector("[data-assistant-launcher]");
    this.panel = root.querySelector("[data-assistant-panel]");
    this.log = root.querySelector("[data-assistant-log]");
    this.form = root.querySelector("[data-assistant-form]");
    this.input = this.form.querySelector("textarea");
    this.handoffForm = root.querySelector("[data-assistant-handoff]");
    this.handoffError = root.querySelector("[data-assistant-handoff-error]");
    this.signedIn = root.getAttribute("data-signed-in") === "1";
    this.token = csrfToken(root);
    this.conversation = null;
    this.lastId = 0;
    this.state = "bot";
    this.timer = null;
    try { this.conversation = window.sessionStorage.getItem(STORE_KEY); } catch (e) { this.conversation = null; }
    this.bind();
  }

  Assistant.prototype.bind = function () {
    var self = this;
    this.launcher.addEventListener("click", function (event) { event.preventDefault(); self.open(); });
    this.root.querySelector("[data-assistant-close]").addEventListener("click", function () { self.close(); });
    this.panel.addEventListener("keydown", function (event) { self.keydown(event); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.send(); });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); self.send(); }
    });
    this.handoffForm.addEventListener("submit", function (event) { event.preventDefault(); self.handoff(); });
  };

  Assistant.prototype.open = function () {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    document.body.classList.add("assistant-open");
    if (this.conversation && !this.log.childNodes.length) this.restore();
    else if (!this.log.childNodes.length) this.say("assistant", gettext("Hello! Tell me what happened, for example: my USDT deposit has not arrived, and the transaction ID."));
    this.input.focus();
  };

  Assistant.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    document.body.classList.remove("assistant-open");
    this.stopPolling();
    this.launcher.focus();
  };

  Assistant.prototype.focusable = function () {
    var nodes = this.panel.querySelectorAll("button, [href], input, textarea, [tabindex]:not([tabindex='-1'])");
    return Array.prototype.filter.call(nodes, function (node) {
      return !node.disabled && !node.closest("[hidden]");
    });
  };

  Assistant.prototype.keydown = function (event) {
    if (event.key === "Escape") { event.preventDefault(); this.close(); return; }
    if (event.key !== "Tab") return;
    var items = this.focusable();
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  };

  Assistant.prototype.remember = function (id) {
    this.conversation = id;
    try { window.sessionStorage.setItem(STORE_KEY, id); } catch (e) { /* private mode: this page only */ }
  };

  Assistant.prototype.say = function (author, text) {
    var item = el("div", "assistant-msg assistant-msg-" + author);
    var who = author === "visitor" ? gettext("You") : author === "agent" ? gettext("Support agent") : gettext("Assistant");
    item.appendChild(el("span", "assistant-who", who));
    var body = el("p", "assistant-text");
    String(text || "").split("\n").forEach(function (line, index) {
      if (index) body.appendChild(document.createElement("br"));
      body.appendChild(document.createTextNode(line));
    });
    item.appendChild(body);
    this.log.appendChild(item);
    this.log.scrollTop = this.log.scrollHeight;
    return item;
  };

  Assistant.prototype.restore = function () {
    var self = this;
    request("GET", this.api + encodeURIComponent(this.conversation) + "/", null, null, function (status, data) {
      if (status !== 200 || !data) { self.remember(""); self.open(); return; }
      self.state = data.state;
      data.messages.forEach(function (message) { self.show(message); });
      if (data.reference) self.handedOver(data.reference, "");
      self.maybePoll();
    });
  };

  Assistant.prototype.show = function (message) {
    if (message.id <= this.lastId) return;
    this.lastId = message.id;
    var item = this.say(message.author, message.body);
    if (message.articles && message.articles.length) this.articles(item, message.articles);
  };

  Assistant.prototype.articles = function (item, articles) {
    var list = el("ul", "assistant-articles");
    articles.forEach(function (article) {
      var li = el("li");
      var link = el("a", null, article.title);
      link.href = article.url;
      li.appendChild(link);
      list.appendChild(li);
    });
    item.appendChild(list);
  };

  Assistant.prototype.send = function () {
    var text = this.input.value.trim();
    if (!text || this.busy) return;
    var self = this;
    this.busy = true;
    this.say("visitor", text);
    this.input.value = "";
    var body = { message: text, lang: document.documentElement.lang || "en" };
    if (this.conversation) body.conversation = this.conversation;
    request("POST", this.api, body, this.token, function (status, data) {
      self.busy = false;
      if (status === 404) { self.remember(""); }
      if (status !== 200 || !data) { self.say("assistant", firstError(data)).classList.add("assistant-failed"); return; }
      self.answer(data);
    });
  };

  Assistant.prototype.answer = function (data) {
    this.remember(data.conversation);
    this.state = data.state;
    if (data.visitor_message_id) this.lastId = Math.max(this.lastId, data.visitor_message_id);
    (data.warnings || []).forEach(function (warning) {
      this.say("assistant", warning.message).classList.add("assistant-warning");
    }, this);
    if (!data.reply) { this.maybePoll(); return; }
    if (data.message_id) this.lastId = Math.max(this.lastId, data.message_id);
    var item = this.say("assistant", data.reply);
    this.understood(item, data.extracted);
    if (data.passage) {
      var quote = el("blockquote", "assistant-passage");
      if (data.passage.heading) quote.appendChild(el("strong", null, data.passage.heading));
      quote.appendChild(el("p", null, data.passage.text));
      item.appendChild(quote);
    }
    if (data.articles && data.articles.length) this.articles(item, data.articles);
    if (data.freeze_url) {
      var freeze = el("a", "btn btn-danger assistant-freeze", gettext("Freeze my account"));
      freeze.href = data.freeze_url;
      item.appendChild(freeze);
    }
    if (data.prepare && data.prepare.length && !data.handoff) this.prepare(item, data.prepare);
    if (data.message_id && data.articles && data.articles.length) this.feedback(item, data.message_id);
    if (data.ticket && data.ticket.reference) this.handedOver(data.ticket.reference, data.ticket.message);
    else if (data.needs_contact) this.askContact();
    else if (data.offer_person) this.offerPerson(item);
    this.maybePoll();
  };

  Assistant.prototype.understood = function (item, extracted) {
    if (!extracted) return;
    var parts = [].concat(extracted.assets || [], extracted.networks || []);
    (extracted.amounts || []).forEach(function (a) { parts.push(a.asset ? a.value + " " + a.asset : a.value); });
    (extracted.transaction_ids || []).forEach(function (t) { parts.push(t.length > 18 ? t.slice(0, 10) + "…" + t.slice(-6) : t); });
    (extracted.references || []).forEach(function (r) { parts.push(r); });
    if (!parts.length) return;
    var line = el("p", "assistant-understood", interpolate(gettext("I understood: %(facts)s"), { facts: parts.join(" · ") }, true));
    item.appendChild(line);
  };

  Assistant.prototype.prepare = function (item, items) {
    var details = el("details", "assistant-prepare");
    details.appendChild(el("summary", null, gettext("If you still need us, have this ready")));
    var list = el("ul");
    items.forEach(function (text) { list.appendChild(el("li", null, text)); });
    details.appendChild(list);
    item.appendChild(details);
  };

  Assistant.prototype.feedback = function (item, messageId) {
    var self = this;
    var box = el("div", "assistant-feedback");
    box.appendChild(el("span", null, gettext("Did this help?")));
    [[true, gettext("Yes")], [false, gettext("No")]].forEach(function (choice) {
      var button = el("button", "link-button", choice[1]);
      button.type = "button";
      button.addEventListener("click", function () {
        request("POST", self.api + encodeURIComponent(self.conversation) + "/feedback/",
          { message: messageId, helpful: choice[0] }, self.token, function () {
            box.textContent = gettext("Thank you for telling us.");
          });
      });
      box.appendChild(button);
    });
    item.appendChild(box);
  };

  Assistant.prototype.offerPerson = function (item) {
    var self = this;
    var button = el("button", "btn assistant-person", gettext("Talk to a person"));
    button.type = "button";
    button.addEventListener("click", function () {
      if (self.signedIn) self.handoff(); else self.askContact();
    });
    item.appendChild(button);
  };

  Assistant.prototype.askContact = function () {
    this.handoffForm.hidden = false;
    this.handoffError.hidden = true;
    this.handoffForm.querySelector("input").focus();
  };

  Assistant.prototype.handoff = function () {
    var self = this;
    if (!this.conversation) return;
    var body = {
      contact_email: this.handoffForm.elements.contact_email.value.trim(),
      contact_phone: this.handoffForm.elements.contact_phone.value.trim()
    };
    request("POST", this.api + encodeURIComponent(this.conversation) + "/handoff/", body, this.token, function (status, data) {
      if ((status === 200 || status === 201) && data) {
        self.handoffForm.hidden = true;
        self.state = data.state;
        if (data.reference) self.handedOver(data.reference, data.message);
        else self.say("assistant", gettext("A person will join this conversation shortly."));
        self.maybePoll();
        self.input.focus();
        return;
      }
      self.handoffError.textContent = firstError(data);
      self.handoffError.hidden = false;
    });
  };

  Assistant.prototype.handedOver = function (reference, message) {
    if (this.root.querySelector("[data-assistant-reference]")) return;
    var text = message || interpolate(gettext("Handed over: ticket %(reference)s. We answer by e-mail."), { reference: reference }, true);
    var item = this.say("assistant", text);
    item.classList.add("assistant-ticket");
    item.setAttribute("data-assistant-reference", reference);
  };

  Assistant.prototype.maybePoll = function () {
    var self = this;
    this.stopPolling();
    if (this.state !== "waiting_for_agent" && this.state !== "with_agent") return;
    this.timer = window.setTimeout(function () {
      request("GET", self.api + encodeURIComponent(self.conversation) + "/?after=" + self.lastId, null, null, function (status, data) {
        if (status === 200 && data) {
          self.state = data.state;
          data.messages.forEach(function (message) { self.show(message); });
        }
        if (!self.panel.hidden) self.maybePoll();
      });
    }, POLL_MS);
  };

  Assistant.prototype.stopPolling = function () {
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = null;
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-assistant]"), function (root) {
      root.assistant = new Assistant(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
