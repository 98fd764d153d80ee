// Polls a running count's status and reloads the page when it finishes.
// Without JavaScript the page's <meta refresh> does the same, more slowly.
(function () {
  "use strict";
  var box = document.getElementById("count-progress");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var text = box.querySelector("[data-progress-text]");
  var pct = box.querySelector("[data-progress]");
  var bar = box.querySelector("progress");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        text.textContent = data.progress_text;
        pct.textContent = String(data.progress);
        bar.value = data.progress;
        if (data.status === "done" || data.status === "failed") { window.location.reload(); }
        else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
