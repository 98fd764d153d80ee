/* Moderator console: approve, reject with a reason, edit, merge duplicates, tag by topic. */
(function () {
  "use strict";
  var H = window.HustingsLive;
  var status = document.getElementById("mod-status");

  function act(message, done) {
    status.textContent = "Working…";
    H.send(message, function (reply) {
      status.textContent = reply.type === "ack" ? "Done." : "Not done: " + reply.error;
      if (reply.type === "ack" && done) { done(); }
    });
  }

  function field(li, label, name, value) {
    var id = "f-" + li.dataset.qid + "-" + name;
    var wrap = H.el("p");
    wrap.appendChild(H.el("label", {"for": id}, label));
    var input = H.el(name === "text" ? "textarea" : "input", {id: id, name: name});
    input.value = value || "";
    wrap.appendChild(input);
    return wrap;
  }

  function button(label, onClick, cls) {
    var b = H.el("button", {type: "button", "class": cls || ""}, label);
    b.addEventListener("click", onClick);
    return b;
  }

  function build(q) {
    var li = H.el("li", {"class": "question form"}); li.dataset.qid = q.id;
    li.appendChild(H.el("div", {"class": "question-text"}));
    li.appendChild(H.el("p", {"class": "muted question-meta"}));
    var row = H.el("div", {"class": "button-row"});
    row.appendChild(button("Approve", function () { act({type: "question.approve", id: q.id}); }, "approve"));
    li.appendChild(row);
    var more = H.el("details"); more.appendChild(H.el("summary", {}, "Reject, edit, merge or tag"));
    var reason = field(li, "Reason for rejecting (the member sees it)", "reason");
    more.appendChild(reason);
    more.appendChild(button("Reject", function () {
      act({type: "question.reject", id: q.id, reason: reason.querySelector("input").value});
    }, "secondary"));
    var text = field(li, "Reworded question", "text", q.text);
    more.appendChild(text);
    more.appendChild(button("Save edit", function () { act({type: "question.edit", id: q.id, text: text.querySelector("textarea").value}); }));
    var into = field(li, "Merge into question number", "into");
    more.appendChild(into);
    more.appendChild(button("Merge", function () {
      act({type: "question.merge", id: q.id, into: parseInt(into.querySelector("input").value, 10)});
    }));
    var topics = field(li, "Topics (separate with commas)", "topics", q.topics.join(", "));
    more.appendChild(topics);
    more.appendChild(button("Save topics", function () {
      var list = topics.querySelector("input").value.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
      act({type: "question.tag", id: q.id, topics: list});
    }));
    li.appendChild(more);
    return li;
  }

  function update(li, q) {
    var text = li.querySelector(".question-text");
    if (text.dataset.html !== q.html) { text.dataset.html = q.html; text.innerHTML = "<strong>#" + q.id + "</strong> " + q.html; }
    var meta = (q.author ? "From " + q.author + " · " : "") + (q.to === "all" ? "to all candidates" : "to " + q.to_names.join(", ")) +
      " · " + q.votes + " vote" + (q.votes === 1 ? "" : "s") + (q.topics.length ? " · " + q.topics.join(", ") : "") +
      (q.edited ? " · edited (original: " + q.original_text + ")" : "");
    li.querySelector(".question-meta").textContent = meta;
    var approve = li.querySelector("button.approve");
    if (approve) { approve.hidden = q.status !== "pending"; }
  }

  H.start({onChange: function (state) {
    var pending = H.sorted(state.pending, function (a, b) { return a.id - b.id; });
    var approved = H.sorted(state.queue, H.byVotes);
    document.getElementById("pending-count").textContent = pending.length;
    document.getElementById("pending-empty").hidden = pending.length > 0;
    document.getElementById("approved-empty").hidden = approved.length > 0;
    H.syncList(document.getElementById("pending"), pending, build, update);
    H.syncList(document.getElementById("approved"), approved, build, update);
  }});
})();
