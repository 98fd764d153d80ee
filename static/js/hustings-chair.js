/* Chair console: where the session is, only the actions valid now, putting questions (asking
   first when candidates are still to answer), the answer timer, pending questions, fairness.
   The server checks every action again (hustings/services/session.py); this only guides. */
(function () {
  "use strict";
  var H = window.HustingsLive;
  var root = document.querySelector("[data-hustings-ws]");
  var status = document.getElementById("chair-status");
  var order = document.getElementById("order");
  var NEXT_STATES = {scheduled: ["open", "live"], open: ["live", "ended"], live: ["ended"], ended: []};
  var pendingPut = null;

  function act(message, after) {
    status.textContent = "Working…";
    H.send(message, function (reply) {
      status.textContent = reply.type === "ack" ? "Done." : "Not done: " + reply.error;
      if (after) { after(reply); }
    });
  }

  function answers() { return (H.state.current && H.state.current.answers) || []; }
  function withStatus(list) { return answers().filter(function (a) { return list.indexOf(a.status) >= 0; }); }
  function stillToAnswer() { return withStatus(["waiting", "speaking", "paused"]); }
  function names(list) {
    var n = list.map(function (a) { return a.name; });
    return n.length <= 1 ? n.join("") : n.slice(0, -1).join(", ") + " and " + n[n.length - 1];
  }

  /* --- session state, with an in-page second confirmation for ending ------------------------ */
  var endPanel = document.getElementById("confirm-end");
  document.querySelectorAll("[data-state]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.state !== "ended") { act({type: "hustings.state", state: b.dataset.state}); return; }
      var left = stillToAnswer();
      document.getElementById("confirm-end-extra").textContent = left.length ? "The current question closes. " + consequences() : "";
      endPanel.hidden = false;
      document.getElementById("confirm-end-yes").focus();
    });
  });
  document.getElementById("confirm-end-yes").addEventListener("click", function () {
    endPanel.hidden = true;
    act({type: "hustings.state", state: "ended"});
  });
  document.getElementById("confirm-end-no").addEventListener("click", function () {
    endPanel.hidden = true;
    document.querySelector('[data-state="ended"]').focus();
  });

  /* --- the timer ------------------------------------------------------------------------------ */
  document.querySelectorAll("[data-timer]").forEach(function (b) {
    b.addEventListener("click", function () { act({type: b.dataset.timer}); });
  });
  document.getElementById("skip-button").addEventListener("click", function () {
    act({type: "candidate.skip", candidate: parseInt(document.getElementById("skip-candidate").value, 10)});
  });

  /* --- the order editor (shown when the chair chooses the order for each question) ------------ */
  order.addEventListener("click", function (event) {
    var b = event.target.closest("[data-move]");
    if (!b) { return; }
    var li = b.closest("li"), step = parseInt(b.dataset.move, 10);
    if (step < 0 && li.previousElementSibling) { order.insertBefore(li, li.previousElementSibling); }
    if (step > 0 && li.nextElementSibling) { order.insertBefore(li.nextElementSibling, li); }
    b.focus();
  });

  function orderMode() { return (H.state.hustings && H.state.hustings.candidate_order) || root.dataset.orderMode; }

  function orderFor(q) {
    var ids = Array.prototype.map.call(order.querySelectorAll("li"), function (li) { return parseInt(li.dataset.candidate, 10); });
    return q.to === "all" ? ids : ids.filter(function (id) { return q.to.indexOf(id) >= 0; });
  }

  /* --- putting a question: confirm first while candidates are still to answer ---------------- */
  var putPanel = document.getElementById("confirm-put"), putHome = putPanel.parentNode;
  var putText = document.getElementById("confirm-put-text"), putYes = document.getElementById("confirm-put-yes");
  var putNo = document.getElementById("confirm-put-no");
  function closePut() { putPanel.hidden = true; putHome.appendChild(putPanel); }
  function put(q, replace) {
    var message = {type: "question.put", id: q.id};
    if (orderMode() === "chosen") { message.order = orderFor(q); }
    if (replace) { message.replace = true; }
    act(message);
  }
  /* What putting a question now does to the current one, in words. */
  function consequences() {
    var talking = withStatus(["speaking", "paused"]), waiting = withStatus(["waiting"]), parts = [];
    if (talking.length) { parts.push(names(talking) + " is still answering; that answer ends now."); }
    if (waiting.length) {
      parts.push(names(waiting) + (waiting.length === 1 ? " is" : " are") + " still waiting and will be recorded as not called on this question.");
    }
    return parts.join(" ");
  }

  function askToPut(q, button) {
    var left = stillToAnswer();
    if (!left.length) { put(q, false); return; }
    pendingPut = {question: q, button: button};
    putText.textContent = consequences();
    putPanel.hidden = false;
    button.closest("li").appendChild(putPanel);        // beside the control that was used
    putYes.focus();
  }
  putYes.addEventListener("click", function () {
    var q = pendingPut && pendingPut.question;
    pendingPut = null; closePut();
    if (q) { put(q, true); }
  });
  putNo.addEventListener("click", function () {
    var button = pendingPut && pendingPut.button;
    pendingPut = null; closePut();
    if (button && document.body.contains(button)) { button.focus(); }
  });

  /* --- rendering -------------------------------------------------------------------------------- */
  function summary(state) {
    var h = state.hustings, c = state.current, now = H.speaking();
    if (!h) { return ""; }
    if (h.state === "scheduled") { return "Not open yet: open it for questions, or go live."; }
    if (h.state === "ended") { return "The hustings has ended."; }
    if (h.state === "open") { return "Members can ask and vote. Go live to put questions."; }
    if (!c || !c.question) { return "No question is being answered: put one from the approved questions."; }
    var left = withStatus(["waiting"]).length;
    var turn = now ? now.name + (now.status === "paused" ? " is paused" : " is speaking") :
      (c.next ? "Call " + c.next.name + " next" : "Every candidate has had their turn: finish the question");
    return "Question " + c.question.put_order + ": " + turn + " · " + left + " still waiting.";
  }

  function renderControls(state) {
    var h = state.hustings, c = state.current, live = !!h && h.state === "live", hasQ = live && !!(c && c.question);
    var next = h ? NEXT_STATES[h.state] || [] : [];
    document.querySelectorAll("[data-state]").forEach(function (b) { b.disabled = next.indexOf(b.dataset.state) < 0; });
    var speakingNow = withStatus(["speaking"]).length > 0, paused = withStatus(["paused"]).length > 0;
    var valid = {
      "timer.start": hasQ && !speakingNow && !paused && withStatus(["waiting"]).length > 0,
      "timer.pause": hasQ && speakingNow,
      "timer.resume": hasQ && paused,
      "timer.end": hasQ && (speakingNow || paused),
      "question.finish": hasQ
    };
    document.querySelectorAll("[data-timer]").forEach(function (b) { b.disabled = !valid[b.dataset.timer]; });
    var start = document.querySelector('[data-timer="timer.start"]');
    start.textContent = c && c.next ? "Call " + c.next.name : "Call the next candidate";
    document.getElementById("controls-help").textContent = !live ? "The timer works while the hustings is live." :
      (!hasQ ? "Put a question first." : "");
    var skippable = hasQ ? stillToAnswer() : [], select = document.getElementById("skip-candidate");
    var key = skippable.map(function (a) { return a.candidate; }).join(",");
    if (select.dataset.key !== key) {
      select.dataset.key = key;
      select.innerHTML = "";
      skippable.forEach(function (a) { select.appendChild(H.el("option", {value: String(a.candidate)}, a.name)); });
    }
    select.disabled = !skippable.length;
    document.getElementById("skip-button").disabled = !skippable.length;
    document.getElementById("state-badge").className = "state-badge state-" + (h ? h.state : "");
    document.getElementById("chair-summary").textContent = summary(state);
    if (h) {
      document.getElementById("order-mode").textContent = h.candidate_order_label;
      document.getElementById("order-card").hidden = h.candidate_order !== "chosen";
    }
  }

  function renderQueue(state) {
    var items = H.sorted(state.queue, H.byVotes), live = !!state.hustings && state.hustings.state === "live";
    document.getElementById("queue-empty").hidden = items.length > 0;
    document.getElementById("queue-help").textContent = live ? "Most supported first." : "Questions can be put once the hustings is live.";
    H.syncList(document.getElementById("queue"), items, function (q) {
      var li = H.el("li", {"class": "question"});
      li.appendChild(H.el("div", {"class": "question-text"}));
      li.appendChild(H.el("p", {"class": "muted question-meta"}));
      var button = H.el("button", {type: "button", "class": "put"}, "Put this question");
      button.addEventListener("click", function () { askToPut(state.queue[q.id] || q, button); });
      li.appendChild(button);
      return li;
    }, function (li, q) {
      var text = li.querySelector(".question-text");
      if (text.dataset.html !== q.html) { text.dataset.html = q.html; text.innerHTML = q.html; }
      li.querySelector(".question-meta").textContent = (q.to === "all" ? "To all candidates" : "To " + q.to_names.join(", ")) +
        " · " + q.votes + " vote" + (q.votes === 1 ? "" : "s") + (q.topics.length ? " · " + q.topics.join(", ") : "");
      li.querySelector("button.put").disabled = !live;
    });
  }

  function renderPending(state) {
    var items = H.sorted(state.pending, function (a, b) { return a.id - b.id; });
    document.getElementById("pending-count").textContent = items.length;
    document.getElementById("pending-empty").hidden = items.length > 0;
    H.syncList(document.getElementById("pending"), items, function () {
      var li = H.el("li", {"class": "question"});
      li.appendChild(H.el("div", {"class": "question-text"}));
      li.appendChild(H.el("p", {"class": "muted question-meta"}));
      return li;
    }, function (li, q) {
      var text = li.querySelector(".question-text");
      if (text.dataset.html !== q.html) { text.dataset.html = q.html; text.innerHTML = q.html; }
      li.querySelector(".question-meta").textContent = "From " + q.author + (q.topics.length ? " · " + q.topics.join(", ") : "");
    });
  }

  function renderFairness(state) {
    var body = document.querySelector("#fairness tbody");
    (state.fairness || []).forEach(function (row) {
      var tr = body.querySelector('tr[data-candidate="' + row.candidate + '"]');
      if (!tr) { return; }
      var cells = tr.querySelectorAll("td");
      [row.questions, row.answered, row.first, H.format(row.spoken)].forEach(function (v, i) {
        if (cells[i].textContent !== String(v)) { cells[i].textContent = v; }
      });
    });
  }

  H.start({onChange: function (state) {
    renderControls(state); renderQueue(state); renderPending(state); renderFairness(state);
    // The question being confirmed was put or removed meanwhile: nothing left to confirm.
    if (pendingPut && !state.queue[pendingPut.question.id]) { pendingPut = null; closePut(); }
  }});
})();
