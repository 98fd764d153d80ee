/* Live word count for ballot statements. Mirrors elections/wordcount.py step by step: change both
   together. Works on any <textarea data-word-limit="N" aria-describedby="ID"> whose described-by
   element holds the count; without JavaScript the server still counts and refuses. */
(function () {
  "use strict";
  var HTML_TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][^>]*>/g;
  var LINK = /!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])/g;
  var REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:.*$/gm;
  var LIST_MARKER = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm;
  var WORD = /[\p{L}\p{N}]+(?:['’\-‐.,:\/@][\p{L}\p{N}]+)*/gu;

  function countWords(text) {
    text = (text || "").normalize("NFC").replace(HTML_TAG, " ").replace(LINK, " $1 ")
      .replace(REFERENCE_DEFINITION, " ").replace(LIST_MARKER, " ");
    var words = text.match(WORD);
    return words ? words.length : 0;
  }

  function attach(area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var output = document.getElementById(area.getAttribute("data-word-count"));
    if (!output || !limit) { return; }
    function update() {
      var n = countWords(area.value);
      output.textContent = n + " of " + limit + " words" + (n > limit ? ": " + (n - limit) + " over the limit" : "");
      output.classList.toggle("error", n > limit);
    }
    area.addEventListener("input", update);
    update();
  }

  if (typeof module !== "undefined") { module.exports = { countWords: countWords }; }
  if (typeof document !== "undefined") {
    document.querySelectorAll("textarea[data-word-limit]").forEach(attach);
  }
})();
