/* Audience page: ask, follow your own questions, support questions in the approved queue. */
(function () {
  "use strict";
  var H = window.HustingsLive;
  var form = document.getElementById("ask-form");
  var status = document.getElementById("ask-status");
  var STATUS = {pending: "Waiting for the moderators", approved: "Approved: in the queue", rejected: "Not taken",
    merged: "Merged with a similar question", put: "Being answered now", answered: "Answered"};

  function recipients() {
    var named = form.querySelector('input[name="to"][value="named"]').checked;
    if (!named) { return "all"; }
    return Array.prototype.map.call(form.querySelectorAll('input[name="candidate"]:checked'), function (box) {
      return parseInt(box.value, 10);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = form.elements.text.value.trim(), to = recipients();
    if (!text) { status.textContent = "Write your question first."; form.elements.text.focus(); return; }
    if (to !== "all" && !to.length) { status.textContent = "Tick at least one candidate, or choose all candidates."; return; }
    status.textContent = "Sending…";
    // The key lets the page send the question again after a reconnect without asking it twice.
    var key = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
    H.send({type: "question.submit", text: text, to: to, key: key}, function (reply) {
      if (reply.type === "ack") {
        status.textContent = "Received: your question is with the moderators.";
        form.reset();
      } else {
        status.textContent = "Not sent: " + reply.error;
      }
    }, {resend: true});
    if (!H.state.connected) { status.textContent = "Reconnecting: your question will be sent when the connection is back."; }
  });

  function renderMine(state) {
    var items = H.sorted(state.mine, function (a, b) { return a.id - b.id; });
    document.getElementById("mine-empty").hidden = items.length > 0;
    H.syncList(document.getElementById("mine"), items, function () { return H.el("li", {"class": "mine"}); }, function (li, q) {
      var key = [q.status, q.html, q.original_html, q.reject_reason].join("|");
      if (li.dataset.state === key) { return; }
      li.dataset.state = key;
      li.innerHTML = "";                                          // rebuilt from sanitised html and text only
      var body = H.el("div"); body.innerHTML = q.html; li.appendChild(body);
      li.appendChild(H.el("p", {"class": "muted"}, STATUS[q.status] + (q.status === "rejected" && q.reject_reason ? ": " + q.reject_reason : "")));
      if (q.edited) {
        var note = H.el("details"); note.appendChild(H.el("summary", {}, "Edited by the moderators for clarity: see your original"));
        var orig = H.el("div"); orig.innerHTML = q.original_html; note.appendChild(orig); li.appendChild(note);
      }
    });
  }

  function renderQueue(state) {
    var items = H.sorted(state.queue, H.byVotes);
    document.getElementById("queue-empty").hidden = items.length > 0;
    H.syncList(document.getElementById("queue"), items, function (q) {
      var li = H.el("li", {"class": "question"});
      li.appendChild(H.el("div", {"class": "question-text"}));
      li.appendChild(H.el("p", {"class": "muted question-meta"}));
      var button = H.el("button", {type: "button", "class": "vote", "aria-pressed": "false"});
      button.addEventListener("click", function () {
        var voted = button.getAttribute("aria-pressed") === "true";
        button.disabled = true;
        H.send({type: voted ? "question.unvote" : "question.vote", id: q.id}, function (reply) {
          button.disabled = false;
          if (reply.type === "error") { status.textContent = reply.error; }
        });
      });
      li.appendChild(button);
      return li;
    }, function (li, q) {
      var text = li.querySelector(".question-text");
      if (text.dataset.html !== q.html) { text.dataset.html = q.html; text.innerHTML = q.html; }
      var meta = (q.to === "all" ? "To all candidates" : "To " + q.to_names.join(", ")) +
        (q.topics.length ? " · " + q.topics.join(", ") : "") + (q.edited ? " · edited by moderators" : "");
      li.querySelector(".question-meta").textContent = meta;
      var voted = !!state.voted[q.id], button = li.querySelector("button.vote");
      button.setAttribute("aria-pressed", voted ? "true" : "false");
      button.textContent = (voted ? "Supported" : "Support") + " (" + q.votes + ")";
      button.setAttribute("aria-label", (voted ? "Withdraw support" : "Support this question") + ", " + q.votes + " vote" + (q.votes === 1 ? "" : "s"));
      button.hidden = state.role === "candidate";
    });
  }

  var CLOSED = {scheduled: "Questions open when the hustings opens.", ended: "This hustings has ended; it no longer takes questions or votes."};

  function renderClosed(state) {
    var note = document.getElementById("ask-closed"), why = state.hustings && CLOSED[state.hustings.state];
    note.hidden = !why; note.textContent = why || "";
    form.querySelector('button[type="submit"]').disabled = !!why;
  }

  H.start({onChange: function (state) { renderMine(state); renderQueue(state); renderClosed(state); }});
})();
