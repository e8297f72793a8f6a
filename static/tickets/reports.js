/* Supportdesk reports: draws the charts from the figures the page already shows as tables.
   Data comes from {{ data|json_script:"report-data" }}; every label in it is translated by the
   server. Without JavaScript (or without Chart.js) the tables alone carry the figures. */
(function () {
  "use strict";

  var gettext = window.gettext || function (s) { return s; };
  var PALETTE = ["#417690", "#e0a030", "#5b9e4d", "#b8486b", "#7a5ea8", "#3fa3a8", "#8c6d46", "#999999"];
  var MET = "#5b9e4d";
  var BREACHED = "#c0392b";

  function color(n) { return PALETTE[n % PALETTE.length]; }

  function readData() {
    var node = document.getElementById("report-data");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function integerAxis(stacked, title) {
    return {
      stacked: !!stacked,
      beginAtZero: true,
      ticks: { precision: 0 },
      title: title ? { display: true, text: title } : { display: false }
    };
  }

  function draw(canvas, config) {
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    return new window.Chart(canvas, config);
  }

  function attainment(rows, labels) {
    return {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [
          { label: labels.met, data: rows.map(function (r) { return r.met; }), backgroundColor: MET },
          { label: labels.breached, data: rows.map(function (r) { return r.breached; }), backgroundColor: BREACHED }
        ]
      },
      options: { scales: { x: { stacked: true }, y: integerAxis(true, labels.tickets) } }
    };
  }

  function buckets(rows, seriesLabel) {
    return {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [{
          label: seriesLabel,
          data: rows.map(function (r) { return r.count; }),
          backgroundColor: rows.map(function (_, n) { return color(n); })
        }]
      },
      options: { plugins: { legend: { display: false } }, scales: { y: integerAxis(false, seriesLabel) } }
    };
  }

  function perDay(section, yTitle) {
    return {
      type: "bar",
      data: {
        labels: section.days,
        datasets: section.series.map(function (s, n) {
          return { label: s.label, data: s.counts, backgroundColor: color(n) };
        })
      },
      options: { scales: { x: { stacked: true }, y: integerAxis(true, yTitle) } }
    };
  }

  function build(key, data) {
    var labels = data.labels;
    switch (key) {
      case "sla_priority": return data.sla_priority.length ? attainment(data.sla_priority, labels) : null;
      case "sla_team": return data.sla_team.length ? attainment(data.sla_team, labels) : null;
      case "first_response": return buckets(data.first_response, labels.tickets);
      case "resolution": return buckets(data.resolution, labels.tickets);
      case "backlog": return buckets(data.backlog, labels.tickets);
      case "volume": return data.volume.series.length ? perDay(data.volume, labels.tickets) : null;
      case "escalations": return data.escalations.series.length ? perDay(data.escalations, gettext("Escalations")) : null;
      case "satisfaction": return data.satisfaction.length ? buckets(data.satisfaction, labels.ratings) : null;
      default: return null;
    }
  }

  function init() {
    var data = readData();
    if (!data || typeof window.Chart !== "function") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var config = build(canvas.getAttribute("data-chart"), data);
      var holder = canvas.parentNode;
      if (!config) {
        holder.hidden = true;  // nothing to draw: the table or the "none" sentence says so
        return;
      }
      holder.classList.add("is-drawn");
      draw(canvas, config);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
