/* Chair console: session state, candidate order, putting questions, the answer timer. */
(function () {
  "use strict";
  var H = window.HustingsLive;
  var status = document.getElementById("chair-status");
  var order = document.getElementById("order");

  function act(message) {
    status.textContent = "Working…";
    H.send(message, function (reply) { status.textContent = reply.type === "ack" ? "Done." : "Not done: " + reply.error; });
  }

  document.querySelectorAll("[data-state]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.state === "ended" && !window.confirm("End the hustings? No more questions can be put.")) { return; }
      act({type: "hustings.state", state: b.dataset.state});
    });
  });
  document.querySelectorAll("[data-timer]").forEach(function (b) {
    b.addEventListener("click", function () { act({type: b.dataset.timer}); });
  });
  document.getElementById("skip-button").addEventListener("click", function () {
    act({type: "candidate.skip", candidate: parseInt(document.getElementById("skip-candidate").value, 10)});
  });
  order.addEventListener("click", function (event) {
    var b = event.target.closest("[data-move]");
    if (!b) { return; }
    var li = b.closest("li"), step = parseInt(b.dataset.move, 10);
    if (step < 0 && li.previousElementSibling) { order.insertBefore(li, li.previousElementSibling); }
    if (step > 0 && li.nextElementSibling) { order.insertBefore(li.nextElementSibling, li); }
    b.focus();
  });

  function orderFor(q) {
    var ids = Array.prototype.map.call(order.querySelectorAll("li"), function (li) { return parseInt(li.dataset.candidate, 10); });
    return q.to === "all" ? ids : ids.filter(function (id) { return q.to.indexOf(id) >= 0; });
  }

  H.start({onChange: function (state) {
    var items = H.sorted(state.queue, H.byVotes);
    document.getElementById("queue-empty").hidden = items.length > 0;
    H.syncList(document.getElementById("queue"), items, function (q) {
      var li = H.el("li", {"class": "question"});
      li.appendChild(H.el("div", {"class": "question-text"}));
      li.appendChild(H.el("p", {"class": "muted question-meta"}));
      var put = H.el("button", {type: "button", "class": "put"}, "Put this question");
      put.addEventListener("click", function () { act({type: "question.put", id: q.id, order: orderFor(state.queue[q.id] || q)}); });
      li.appendChild(put);
      return li;
    }, function (li, q) {
      var text = li.querySelector(".question-text");
      if (text.dataset.html !== q.html) { text.dataset.html = q.html; text.innerHTML = q.html; }
      li.querySelector(".question-meta").textContent = (q.to === "all" ? "To all candidates" : "To " + q.to_names.join(", ")) +
        " · " + q.votes + " vote" + (q.votes === 1 ? "" : "s") + (q.topics.length ? " · " + q.topics.join(", ") : "");
    });
  }});
})();
