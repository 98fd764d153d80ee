// Move focus to the page's error summary, so keyboard and screen-reader users hear why a form
// was refused (a static file: the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
