// A running count's progress, live (through static/js/live.js, loaded first); the page reloads
// to show the result sheet when the count is done or has failed. Without JavaScript the page's
// <noscript> refresh and its "Refresh now" link do the same, more slowly.
(function () {
  "use strict";
  var box = document.getElementById("count-progress");
  if (!box || !window.Live || !window.WebSocket) { return; }
  var text = box.querySelector("[data-progress-text]");
  var pct = box.querySelector("[data-progress]");
  var bar = box.querySelector("progress");
  var note = box.querySelector("[data-live-note]");

  function show(progress) {
    text.textContent = progress.progress_text;
    pct.textContent = String(progress.progress);
    bar.value = progress.progress;
    if (progress.finished) { window.location.reload(); }
  }

  Live.connect({
    path: box.getAttribute("data-live"),
    onSnapshot: function (snapshot) { show(snapshot.state); },
    onEvent: function (event) { if (event.type === "count.progress") { show(event); } },
    onStatus: function (status) {
      if (!note) { return; }
      if (status.state === "open") { note.textContent = "This page follows the count as it runs."; }
      else if (status.state === "stopped") { note.textContent = status.reason; }
      else if (status.state === "reconnecting") { note.textContent = "Reconnecting to follow the count…"; }
    }
  });
})();
