// Live results page: follows the returning officer's stage-by-stage reveal over the websocket.
// Each new stage replaces the page's result with the server's own rendering of it (one
// template, whoever draws it). Without JavaScript the page refreshes itself while a reveal runs.
(function () {
  "use strict";
  var box = document.getElementById("reveal");
  if (!box || !window.WebSocket || !window.fetch) return;
  var shown = parseInt(box.getAttribute("data-shown"), 10) || 0;
  var retry = 1000;

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

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + box.getAttribute("data-socket"));
    socket.onopen = function () { retry = 1000; };
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.type === "snapshot") refresh(data.state.shown);
      else if (data.type === "reveal.stage") refresh(data.shown);
    };
    socket.onclose = function () {
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  connect();
})();
