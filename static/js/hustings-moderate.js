/* Moderator console: approve (one or many), reject with a reason, edit, merge into a question
   picked from the list (with a search), tag by topic; filters; keyboard shortcuts (listed on
   the page). The server checks every action again (hustings/services/questions.py). */
(function () {
  "use strict";
  var H = window.HustingsLive;
  var status = document.getElementById("mod-status");
  var filterText = document.getElementById("filter-text"), filterStatus = document.getElementById("filter-status");
  var filterTopic = document.getElementById("filter-topic");
  var ticked = {}, all = {};

  function act(message, done) {
    status.textContent = "Working…";
    H.send(message, function (reply) {
      status.textContent = reply.type === "ack" ? "Done." : "Not done: " + reply.error;
      if (reply.type === "ack" && done) { done(reply); }
    });
  }

  function field(li, label, name, tag) {
    var id = "f-" + li.dataset.qid + "-" + name, wrap = H.el("p");
    wrap.appendChild(H.el("label", {"for": id}, label));
    wrap.appendChild(H.el(tag || "input", {id: id, name: name}));
    return wrap;
  }

  function button(label, onClick, cls) {
    var b = H.el("button", {type: "button", "class": cls || ""}, label);
    b.addEventListener("click", onClick);
    return b;
  }

  function excerpt(q) { return q.text.length > 70 ? q.text.slice(0, 67) + "…" : q.text; }

  /* The questions this one could be merged into: every other open question matching the search. */
  function fillTargets(li, q) {
    var words = li.querySelector("[name=target-search]").value.trim().toLowerCase(), select = li.querySelector("[name=target]");
    var chosen = select.value;
    select.innerHTML = "";
    Object.keys(all).map(function (k) { return all[k]; }).filter(function (t) {
      return t.id !== q.id && (!words || (("#" + t.id + " " + t.text).toLowerCase().indexOf(words) >= 0));
    }).sort(function (a, b) { return a.id - b.id; }).forEach(function (t) {
      var option = H.el("option", {value: String(t.id)}, "#" + t.id + " · " + excerpt(t) + (t.status === "approved" ? " (approved)" : ""));
      select.appendChild(option);
    });
    if (chosen && select.querySelector('option[value="' + chosen + '"]')) { select.value = chosen; }
    li.querySelector("button.merge").disabled = !select.options.length;
  }

  function build(q) {
    var li = H.el("li", {"class": "question form", tabindex: "-1"}); li.dataset.qid = q.id;
    var head = H.el("div", {"class": "question-head"});
    var box = H.el("input", {type: "checkbox", "class": "tick", id: "tick-" + q.id, "aria-label": "Tick question " + q.id + " for approving together"});
    box.addEventListener("change", function () { if (box.checked) { ticked[q.id] = true; } else { delete ticked[q.id]; } renderBulk(); });
    head.appendChild(box);
    head.appendChild(H.el("div", {"class": "question-text"}));
    li.appendChild(head);
    li.appendChild(H.el("p", {"class": "muted question-meta"}));
    var original = H.el("div", {"class": "original", hidden: "hidden"});
    original.appendChild(H.el("p", {"class": "muted"}, "Edited. The member wrote:"));
    original.appendChild(H.el("blockquote", {"class": "original-text"}));
    li.appendChild(original);
    var row = H.el("div", {"class": "button-row"});
    row.appendChild(button("Approve", function () { act({type: "question.approve", id: q.id}); }, "approve"));
    li.appendChild(row);
    var more = H.el("details", {"class": "tools"}); more.appendChild(H.el("summary", {}, "Reject, edit, merge or tag"));
    var reason = field(li, "Reason for rejecting (the member sees it)", "reason"), reasonInput = reason.querySelector("input");
    more.appendChild(reason);
    var reject = function () { act({type: "question.reject", id: q.id, reason: reasonInput.value}); };
    reasonInput.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); reject(); } });
    more.appendChild(button("Reject", reject, "secondary"));
    var text = field(li, "Reworded question", "text", "textarea");
    more.appendChild(text);
    more.appendChild(button("Save edit", function () { act({type: "question.edit", id: q.id, text: text.querySelector("textarea").value}); }));
    var merge = H.el("fieldset", {"class": "merge-picker"});
    merge.appendChild(H.el("legend", {}, "Merge into another question"));
    merge.appendChild(field(li, "Find it (words or #number)", "target-search"));
    var pick = field(li, "Question to merge into", "target", "select");
    pick.querySelector("select").setAttribute("size", "4");
    merge.appendChild(pick);
    merge.appendChild(button("Merge", function () {
      var into = parseInt(li.querySelector("[name=target]").value, 10);
      if (!into) { status.textContent = "Choose the question to merge into first."; return; }
      act({type: "question.merge", id: q.id, into: into});
    }, "merge"));
    more.appendChild(merge);
    merge.querySelector("[name=target-search]").addEventListener("input", function () { fillTargets(li, all[q.id] || q); });
    more.addEventListener("toggle", function () {
      if (more.open) { text.querySelector("textarea").value = (all[q.id] || q).text; fillTargets(li, all[q.id] || q); }
    });
    var topics = field(li, "Topics (separate with commas)", "topics");
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
      " · " + q.votes + " vote" + (q.votes === 1 ? "" : "s") + (q.topics.length ? " · " + q.topics.join(", ") : "");
    li.querySelector(".question-meta").textContent = meta;
    var original = li.querySelector(".original"), shown = li.querySelector(".original-text");
    original.hidden = !(q.edited && q.original_html);
    if (shown.dataset.html !== (q.original_html || "")) { shown.dataset.html = q.original_html || ""; shown.innerHTML = q.original_html || ""; }
    li.querySelector("button.approve").hidden = q.status !== "pending";
    var box = li.querySelector("input.tick");
    box.hidden = q.status !== "pending"; box.checked = !!ticked[q.id];
    var topics = li.querySelector("[name=topics]");
    if (document.activeElement !== topics) { topics.value = q.topics.join(", "); }
  }

  function matches(q) {
    var words = filterText.value.trim().toLowerCase(), topic = filterTopic.value;
    if (topic && q.topics.indexOf(topic) < 0) { return false; }
    return !words || (("#" + q.id + " " + q.text + " " + (q.author || "")).toLowerCase().indexOf(words) >= 0);
  }

  function renderTopics() {
    var seen = {};
    Object.keys(all).forEach(function (k) { all[k].topics.forEach(function (t) { seen[t] = true; }); });
    var topics = Object.keys(seen).sort(), key = topics.join("|");
    if (filterTopic.dataset.key === key) { return; }
    filterTopic.dataset.key = key;
    var chosen = filterTopic.value;
    while (filterTopic.options.length > 1) { filterTopic.remove(1); }
    topics.forEach(function (t) { filterTopic.appendChild(H.el("option", {value: t}, t)); });
    filterTopic.value = seen[chosen] ? chosen : "";
  }

  function shownPending() {
    return Array.prototype.filter.call(document.querySelectorAll("#pending > li"), function (li) { return !li.hidden; });
  }

  function renderBulk() {
    Object.keys(ticked).forEach(function (id) { if (!H.state.pending[id]) { delete ticked[id]; } });
    var n = Object.keys(ticked).length, b = document.getElementById("approve-selected");
    b.textContent = "Approve ticked (" + n + ")"; b.disabled = n === 0;
  }

  function render(state) {
    var pending = H.sorted(state.pending, function (a, b) { return a.id - b.id; });
    var approved = H.sorted(state.queue, H.byVotes).map(function (q) {
      var mine = state.modInfo[q.id] || {};     // the moderators' copy: author and original wording
      return Object.assign({}, q, {author: mine.author, original_html: mine.original_html, original_text: mine.original_text});
    });
    all = {};
    pending.concat(approved).forEach(function (q) { all[q.id] = q; });
    renderTopics();
    var show = filterStatus.value;
    document.getElementById("pending-section").hidden = show === "approved";
    document.getElementById("approved-section").hidden = show === "pending";
    document.getElementById("pending-count").textContent = pending.length;
    document.getElementById("approved-count").textContent = approved.length;
    H.syncList(document.getElementById("pending"), pending, build, function (li, q) { update(li, q); li.hidden = !matches(q); });
    H.syncList(document.getElementById("approved"), approved, build, function (li, q) { update(li, q); li.hidden = !matches(q); });
    document.getElementById("pending-empty").textContent = pending.length ? "No waiting question matches." : "Nothing waiting.";
    document.getElementById("pending-empty").hidden = shownPending().length > 0;
    var approvedShown = approved.filter(matches).length;
    document.getElementById("approved-empty").textContent = approved.length ? "No approved question matches." : "No approved questions yet.";
    document.getElementById("approved-empty").hidden = approvedShown > 0;
    renderBulk();
  }

  [filterText, filterStatus, filterTopic].forEach(function (input) {
    input.addEventListener("input", function () { render(H.state); });
  });
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("select-shown").addEventListener("click", function () {
    shownPending().forEach(function (li) { ticked[li.dataset.qid] = true; });
    render(H.state);
  });
  document.getElementById("approve-selected").addEventListener("click", function () {
    var ids = Object.keys(ticked).map(Number);
    act({type: "questions.approve", ids: ids}, function () { ticked = {}; render(H.state); });
  });

  /* Keyboard shortcuts (documented on the page); never while typing in a box. */
  function visibleQuestions() {
    return Array.prototype.filter.call(document.querySelectorAll("#pending > li, #approved > li"), function (li) {
      return !li.hidden && !li.closest("section").hidden;
    });
  }
  function currentQuestion() { return document.activeElement && document.activeElement.closest && document.activeElement.closest("li[data-qid]"); }
  function openTool(li, name) {
    var details = li.querySelector("details.tools");
    details.open = true;
    var input = li.querySelector("[name=" + name + "]");
    if (input) { input.focus(); }
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Escape" && t.closest && t.closest("li[data-qid]") && t !== t.closest("li[data-qid]")) {
      t.closest("li[data-qid]").focus(); return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) { return; }
    var list = visibleQuestions(), li = currentQuestion(), at = list.indexOf(li);
    switch (e.key) {
      case "j": if (list.length) { list[Math.min(list.length - 1, at + 1)].focus(); } break;
      case "k": if (list.length) { list[Math.max(0, at - 1)].focus(); } break;
      case "/": filterText.focus(); break;
      case "a": if (li && H.state.pending[li.dataset.qid]) { act({type: "question.approve", id: +li.dataset.qid}); } else { return; } break;
      case "x": if (li && H.state.pending[li.dataset.qid]) { var box = li.querySelector("input.tick"); box.checked = !box.checked; box.dispatchEvent(new Event("change")); } else { return; } break;
      case "r": if (li) { openTool(li, "reason"); } else { return; } break;
      case "e": if (li) { openTool(li, "text"); } else { return; } break;
      case "m": if (li) { openTool(li, "target-search"); } else { return; } break;
      default: return;
    }
    e.preventDefault();
  });

  H.start({onChange: render});
})();
