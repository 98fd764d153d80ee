/* Live pages: the one client module (protocol: docs/live-protocol.md). No dependencies.

   var live = Live.connect({
     path: "/ws/hustings/4/",
     onSnapshot: function (msg) {},   // {type: "snapshot", stream, seq, state}: replace that stream's state
     onEvent: function (msg) {},      // each event, once, in sequence order per stream
     onWelcome: function (msg) {},    // who you are here and what you may send
     onStatus: function (status) {},  // {state: "connecting" | "open" | "reconnecting" | "stopped", reason}
     onError: function (msg) {}       // an error reply that no callback was waiting for
   });
   live.send({type: "question.vote", id: 7}, function (reply) {});      // reply: ack or error
   live.send({type: "question.submit", key: k, ...}, callback, {resend: true});  // kept until answered

   The server delivers each stream's events in order; this module still drops repeats, holds an
   early event briefly and asks for a resync if a gap lasts, reconnects with backoff and jitter,
   and stops for good (saying why) when the server refuses the page. */
(function () {
  "use strict";
  var GAP_WAIT_MS = 3000;        // the server fills gaps itself within a second or two
  var STOP = {4401: true, 4403: true, 4404: true};   // signed out, not permitted, no such page
  var AT_ONCE = {4409: true};    // your access changed: reconnect now, with the new access
  var STOPPED_TEXT = {
    4401: "You are not signed in, so live updates have stopped. Sign in again to follow this page.",
    4403: "Live updates are not available to you on this page.",
    4404: "This live page no longer exists."
  };

  function connect(options) {
    var socket = null, seqs = {}, early = {}, gapTimers = {}, waiting = {}, outbox = [];
    var nextRef = 1, retry = 500, stopped = false, lastError = null;

    function status(state, reason) {
      if (options.onStatus) { options.onStatus({state: state, reason: reason || ""}); }
    }

    function apply(msg) {
      seqs[msg.stream] = msg.seq;
      if (options.onEvent) { options.onEvent(msg); }
    }

    /* Apply each stream's events strictly in order: drop what is already applied, hold an early
       event until its predecessor comes, and ask for a resync if the gap lasts. */
    function receive(msg) {
      var stream = msg.stream, last = seqs[stream];
      if (last === undefined || msg.seq <= last) { return; }
      var held = early[stream] = early[stream] || {};
      held[msg.seq] = msg;
      while (held[seqs[stream] + 1]) {
        var next = held[seqs[stream] + 1];
        delete held[next.seq];
        apply(next);
      }
      if (!Object.keys(held).length) {
        clearTimeout(gapTimers[stream]); delete gapTimers[stream];
      } else if (!gapTimers[stream]) {
        gapTimers[stream] = setTimeout(function () {
          delete gapTimers[stream];
          if (Object.keys(early[stream] || {}).length) { raw({type: "resync", stream: stream, since: seqs[stream]}); }
        }, GAP_WAIT_MS);
      }
    }

    function snapshot(msg) {
      seqs[msg.stream] = msg.seq;
      if (options.onSnapshot) { options.onSnapshot(msg); }
      var held = early[msg.stream] || {};
      Object.keys(held).forEach(function (k) { if (+k <= msg.seq) { delete held[k]; } });
      var first = Object.keys(held).map(Number).sort(function (a, b) { return a - b; })[0];
      if (first !== undefined) { var m = held[first]; delete held[first]; receive(m); }
    }

    function answered(msg) {
      var entry = msg.ref != null && waiting[msg.ref];
      delete waiting[msg.ref];
      outbox = outbox.filter(function (item) { return item.message.ref !== msg.ref; });
      if (entry) { entry.callback(msg); }
      if (msg.type === "error" && !entry && options.onError) { options.onError(msg); }
    }

    function onMessage(event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "snapshot") { snapshot(msg); }
      else if (msg.type === "welcome") {
        if (options.onWelcome) { options.onWelcome(msg); }
        outbox.forEach(function (item) { raw(item.message); });    // questions the server never answered
      } else if (msg.type === "ack" || msg.type === "error") {
        if (msg.type === "error" && msg.code) { lastError = msg.error; }
        answered(msg);
      } else if (msg.type === "resync.done") { /* the replay (if any) has been applied */ }
      else if (msg.stream && typeof msg.seq === "number") { receive(msg); }
    }

    function raw(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) { return false; }
      socket.send(JSON.stringify(message));
      return true;
    }

    function send(message, callback, opts) {
      var resend = !!(opts && opts.resend);
      if (callback || resend) {
        message.ref = nextRef++;
        waiting[message.ref] = {callback: callback || function () {}, resend: resend};
      }
      if (resend) { outbox.push({message: message}); }
      if (raw(message)) { return true; }
      if (!resend && callback) {
        delete waiting[message.ref];
        callback({type: "error", error: "Not connected: reconnecting, please try again in a moment."});
      }
      return resend;
    }

    function open() {
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      status(socket ? "reconnecting" : "connecting");
      socket = new WebSocket(scheme + location.host + options.path);
      socket.onopen = function () { retry = 500; seqs = {}; early = {}; lastError = null; status("open"); };
      socket.onmessage = onMessage;
      socket.onclose = function (e) {
        Object.keys(gapTimers).forEach(function (s) { clearTimeout(gapTimers[s]); });
        gapTimers = {};
        Object.keys(waiting).forEach(function (ref) {
          if (!waiting[ref].resend) {
            waiting[ref].callback({type: "error", error: "Connection lost before the server replied; check whether it went through."});
            delete waiting[ref];
          }
        });
        if (STOP[e.code] || stopped) {
          stopped = true;
          status("stopped", lastError || STOPPED_TEXT[e.code] || "Live updates have stopped.");
          return;
        }
        var wait = AT_ONCE[e.code] ? 100 : retry;
        retry = Math.min(retry * 2, 10000);
        status("reconnecting", lastError);
        setTimeout(open, wait / 2 + Math.random() * wait / 2);   // jitter: a crowd does not return at once
      };
    }

    open();
    return {
      send: send,
      pending: function () { return outbox.length; },
      close: function () { stopped = true; if (socket) { socket.close(1000); } }
    };
  }

  window.Live = {connect: connect};
})();
