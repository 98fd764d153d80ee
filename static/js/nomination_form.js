// The CLP nominations form: a live "4 of 9 chosen, 2 women" count beside the candidates, and the
// error summary focused after a refusal. Progressive enhancement: the form works without it.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  var group = document.getElementById("nominees");
  var counter = document.getElementById("nomination-counter");
  if (!group || !counter) return;
  var max = parseInt(group.getAttribute("data-max"), 10) || 0;
  var minWomen = parseInt(group.getAttribute("data-min-women"), 10) || 0;
  var boxes = group.querySelectorAll("input[type=checkbox][name=candidates]");

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function update() {
    var chosen = 0, women = 0;
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) {
        chosen += 1;
        if (boxes[i].getAttribute("data-woman")) women += 1;
      }
    }
    var text = chosen + " of " + max + " chosen";
    if (minWomen) text += ", " + plural(women, "woman", "women");
    var problems = [];
    if (chosen > max) problems.push((chosen - max) + " too many");
    var needed = Math.min(minWomen, chosen);
    if (minWomen && chosen > 1 && women < needed) {
      problems.push("at least " + needed + " must be " + (needed === 1 ? "a woman" : "women"));
    }
    counter.textContent = text + (problems.length ? ": " + problems.join("; ") : "");
    counter.classList.toggle("over", problems.length > 0);
    counter.hidden = false;
  }

  group.addEventListener("change", update);
  update();
})();
