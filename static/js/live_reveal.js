// Live results page: follows the returning officer's stage-by-stage reveal through the one live
// client module (live.js). Each new stage replaces the page's result with the server's own
// rendering of it (one template, whoever draws it). Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var box = document.getElementById("reveal");
  if (!box || !window.Live || !window.fetch) return;
  var shown = parseInt(box.getAttribute("data-shown"), 10) || 0;

  function refresh(wanted) {
    if (wanted === shown) return;
    fetch(box.getAttribute("data-fragment"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        box.innerHTML = html;
        shown = wanted;
        box.setAttribute("data-shown", String(wanted));
      })
      .catch(function () { window.setTimeout(function () { refresh(wanted); }, 2000); });
  }

  window.Live.connect({
    path: box.getAttribute("data-socket"),
    onSnapshot: function (msg) { refresh(msg.state.shown); },
    onEvent: function (msg) { if (msg.type === "reveal.stage") refresh(msg.shown); }
  });
})();
