/* Hustings pages' shared state and rendering, on the one live client (static/js/live.js, which
   must load first): server clock, queue, pending questions, your questions and votes, timer.
   Pages call HustingsLive.start({onChange, onError}) and render from HustingsLive.state.
   Protocol: docs/hustings-protocol.md (hustings messages), docs/live-protocol.md (the rest). */
(function () {
  "use strict";
  var root = document.querySelector("[data-hustings-ws]");
  if (!root) { return; }
  var state = {
    connected: false, role: null, user: null, hustings: null, queue: {}, current: null,
    counts: {received: 0, approved: 0, dismissed: 0, merged: 0}, present: 0,
    pending: {}, mine: {}, voted: {}, offset: null
  };
  var handlers = {};
  var live = null, stopReason = "";

  function clockSample(serverTime) {
    // Latency only ever makes a sample smaller, and replayed old events much smaller: keep the largest.
    if (typeof serverTime !== "number") { return; }
    var sample = serverTime - Date.now();
    if (state.offset === null || sample > state.offset) { state.offset = sample; }
  }

  function serverNow() { return Date.now() + (state.offset || 0); }

  function remaining(answer) {
    if (!answer) { return 0; }
    if (!answer.running || !state.current) { return answer.remaining; }
    return Math.max(0, answer.remaining - (serverNow() - state.current.server_time) / 1000);
  }

  function byId(list) {
    var out = {};
    (list || []).forEach(function (q) { out[q.id] = q; });
    return out;
  }

  function applySnapshot(msg) {
    var s = msg.state;
    if (msg.stream.match(/\/mod$/)) {
      state.pending = byId(s.pending);
    } else if (msg.stream.match(/\/user-\d+$/)) {
      state.mine = byId(s.questions);
      state.voted = {};
      s.voted.forEach(function (id) { state.voted[id] = true; });
    } else {
      state.hustings = s.hustings; state.queue = byId(s.queue); state.current = s.current;
      state.counts = s.counts; state.present = s.present;
      clockSample(s.server_time);
    }
    changed(msg);
  }

  function applyEvent(msg) {
    var q = msg.question;
    if (msg.counts && msg.type !== "counts") { state.counts = msg.counts; }   // counts ride along on some events
    switch (msg.type) {
      case "question.submitted": state.pending[q.id] = q; break;
      case "question.moderated":
        delete state.pending[q.id];
        break;
      case "question.updated":
        if (msg.stream.match(/\/mod$/)) { if (q.status === "pending") { state.pending[q.id] = q; } else { delete state.pending[q.id]; } }
        else if (q.status === "approved") { state.queue[q.id] = q; }
        break;
      case "question.approved": state.queue[q.id] = q; break;
      case "question.removed": delete state.queue[msg.id]; break;
      case "question.votes": if (state.queue[msg.id]) { state.queue[msg.id].votes = msg.votes; } break;
      case "question.mine": state.mine[q.id] = q; break;
      case "vote": if (msg.voted) { state.voted[msg.id] = true; } else { delete state.voted[msg.id]; } break;
      case "current":
        state.current = msg.current; clockSample(msg.current.server_time);
        if (msg.current.question) { delete state.queue[msg.current.question.id]; }
        break;
      case "counts": state.counts = msg.counts; break;
      case "presence": state.present = msg.present; break;
      case "hustings.state": if (state.hustings) { state.hustings.state = msg.state; } break;
    }
    changed(msg);
  }

  function changed(msg) { renderCommon(); if (handlers.onChange) { handlers.onChange(state, msg); } }

  /* send(message, callback[, {resend: true}]): the reply is the ack or error for it. */
  function send(message, callback, opts) {
    return live ? live.send(message, callback, opts) : false;
  }

  function connect() {
    live = Live.connect({
      path: root.getAttribute("data-hustings-ws"),
      onSnapshot: applySnapshot,
      onEvent: applyEvent,
      onWelcome: function (msg) { state.role = msg.role; state.user = msg.user; changed(msg); },
      onStatus: function (s) {
        state.connected = s.state === "open";
        stopReason = s.state === "stopped" ? s.reason : "";
        changed({type: "status", status: s.state});
      },
      onError: function (msg) { if (handlers.onError) { handlers.onError(msg); } }
    });
  }

  function sorted(map, compare) {
    return Object.keys(map).map(function (k) { return map[k]; }).sort(compare);
  }

  function byVotes(a, b) { return (b.votes - a.votes) || (a.id - b.id); }

  function format(seconds) {
    seconds = Math.ceil(Math.max(0, seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  /* Keep a list's items in order, reusing each item's element so focus is not lost on update. */
  function syncList(list, items, build, update) {
    var existing = {};
    Array.prototype.forEach.call(list.children, function (el) { if (el.dataset.key) { existing[el.dataset.key] = el; } });
    items.forEach(function (item, i) {
      var key = String(item.id), el = existing[key];
      if (!el) { el = build(item); el.dataset.key = key; }
      delete existing[key];
      update(el, item);
      if (list.children[i] !== el) { list.insertBefore(el, list.children[i] || null); }
    });
    Object.keys(existing).forEach(function (key) { existing[key].remove(); });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) { node.textContent = text; }
    return node;
  }

  var STATE_LABELS = {scheduled: "Scheduled", open: "Open for questions", live: "Live", ended: "Ended"};
  var ANSWER_LABELS = {waiting: "waiting", speaking: "speaking", paused: "paused", done: "answered", skipped: "skipped (absent)"};

  function setText(name, value) {
    document.querySelectorAll('[data-live="' + name + '"]').forEach(function (node) {
      if (node.textContent !== String(value)) { node.textContent = value; }
    });
  }

  function speaking() {
    var c = state.current;
    if (!c || !c.answers) { return null; }
    for (var i = 0; i < c.answers.length; i++) { if (c.answers[i].candidate === c.speaking) { return c.answers[i]; } }
    return null;
  }

  /* What every page shows: connection, state, counts, the current question, speaker and timer. */
  function renderCommon() {
    setText("connection", state.connected ? "Connected: updates arrive live." : (stopReason || "Reconnecting…"));
    if (state.hustings) { setText("state", STATE_LABELS[state.hustings.state] || state.hustings.state); }
    setText("present", state.present);
    ["received", "approved", "dismissed", "merged"].forEach(function (k) { setText(k, state.counts[k] || 0); });
    var c = state.current, q = c && c.question, now = speaking();
    document.querySelectorAll('[data-live="current-question"]').forEach(function (node) {
      var html = q ? q.html : "";
      if (node.dataset.html !== html) { node.dataset.html = html; node.innerHTML = q ? html : ""; }   // html: sanitised on the server
      node.hidden = !q;
    });
    document.querySelectorAll('[data-live="no-question"]').forEach(function (node) { node.hidden = !!q; });
    setText("current-to", q ? (q.to === "all" ? "To all candidates" : "To " + q.to_names.join(", ")) : "");
    var speaker = now ? now.name + (now.status === "paused" ? " (paused)" : "") : (q ? "Waiting for the chair to call a candidate" : "");
    setText("speaking", speaker);
    document.querySelectorAll('[data-live="answers"]').forEach(function (list) {
      syncList(list, (c && c.answers || []).map(function (a) { return {id: a.candidate, a: a}; }), function () {
        return el("li");
      }, function (node, item) {
        var a = item.a, label = a.order + ". " + a.name + " — " + ANSWER_LABELS[a.status];
        if (a.status === "done") { label += " (" + format(a.spoken) + ")"; }
        if (node.textContent !== label) { node.textContent = label; }
        node.className = "answer answer-" + a.status;
      });
    });
    tick();
  }

  function tick() {
    var now = speaking();
    setText("timer", now ? format(remaining(now)) : "–:––");
    document.querySelectorAll('[data-live="timer"]').forEach(function (node) {
      node.classList.toggle("expired", !!(now && remaining(now) <= 0));
    });
  }
  setInterval(tick, 250);

  window.HustingsLive = {
    renderCommon: renderCommon, speaking: speaking,
    state: state, send: send, remaining: remaining, format: format, sorted: sorted, byVotes: byVotes,
    syncList: syncList, el: el,
    start: function (h) { handlers = h || {}; connect(); }
  };
})();
