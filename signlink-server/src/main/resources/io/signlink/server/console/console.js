// SignLink console: counts token expiry down in every <time class="countdown" datetime="…">.
// Served from /console/assets so the content security policy can forbid inline script.
(function () {
  "use strict";
  function format(ms) {
    if (ms <= 0) { return "expired"; }
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return "in " + (h > 0 ? h + "h " : "") + (h > 0 || m > 0 ? m + "m " : "") + sec + "s";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.countdown").forEach(function (el) {
      var at = Date.parse(el.getAttribute("datetime"));
      if (isNaN(at)) { return; }
      var left = at - now;
      el.textContent = format(left);
      el.classList.toggle("expired", left <= 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
