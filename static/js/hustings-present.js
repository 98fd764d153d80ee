/* The projector view: the shared live client, plus a full-screen button (a static file: the
   Content-Security-Policy allows no inline script). */
(function () {
  "use strict";
  var button = document.getElementById("fullscreen");
  if (button && document.documentElement.requestFullscreen) {
    button.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    });
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement ? "Leave full screen" : "Full screen";
    });
  } else if (button) {
    button.hidden = true;
  }
  HustingsLive.start({});
})();
