// Online ballots. Two small enhancements; every page works without them.
// 1. On a ranked ballot paper, a running summary of the order chosen, read out politely.
// 2. Live turnout: the count of members who have voted, over the ballot's websocket stream.
(function () {
  "use strict";

  function summarise(form) {
    var out = form.querySelector("#order-summary");
    if (!out) return;
    var picks = [];
    var seen = {};
    var twice = [];
    form.querySelectorAll("select[name^='rank-']").forEach(function (select) {
      var n = parseInt(select.value, 10);
      if (!n) return;
      var label = form.querySelector("label[for='" + select.id + "']");
      picks.push({ n: n, name: label ? label.textContent : "" });
      if (seen[n]) twice.push(n);
      seen[n] = true;
    });
    picks.sort(function (a, b) { return a.n - b.n; });
    out.hidden = false;
    if (!picks.length) { out.textContent = "You have not numbered any candidate yet."; return; }
    var text = "Your order so far: " + picks.map(function (p) { return p.n + " " + p.name; }).join(", ") + ".";
    if (twice.length) text += " You have used " + twice.join(" and ") + " more than once: use each number once.";
    out.textContent = text;
  }

  document.querySelectorAll("form[data-paper='ranked']").forEach(function (form) {
    form.addEventListener("change", function () { summarise(form); });
    if (form.querySelector("select[name^='rank-'] option[selected]")) summarise(form);
  });

  var box = document.getElementById("turnout");
  if (!box || !window.WebSocket || !window.Live || !box.getAttribute("data-stream-url")) return;
  function set(name, value) {
    var node = box.querySelector("[data-live='" + name + "']");
    if (node) node.textContent = value;
  }
  function show(state) {
    var voted = state.turnout, size = state.electorate;
    set("turnout", voted.toLocaleString("en-GB"));
    set("electorate", size.toLocaleString("en-GB"));
    set("verb", voted === 1 ? "has" : "have");
    set("percent", size ? (100 * voted / size).toFixed(1) : "0.0");
  }
  // The one live client (static/js/live.js, loaded first): ordering, resync, reconnecting.
  Live.connect({
    path: box.getAttribute("data-stream-url"),
    onSnapshot: function (snapshot) { show(snapshot.state); },
    onEvent: function (event) {
      if (event.type === "voting.turnout") show(event);
      else if (event.type === "voting.closed") { show(event); set("note", "The ballot has closed."); }
    }
  });
})();
