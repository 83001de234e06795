// SignLink console: counts token expiry down in every <time class="countdown" datetime="…">, and
// asks before a revoke. Served from /console/assets so the content security policy can forbid
// inline script.
(function () {
  "use strict";
  var reloading = false;
  function format(ms) {
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
      if (left > 0) {
        el.textContent = format(left);
        return;
      }
      // The server refreshes tokens ahead of expiry and on demand: past this time the page's copy
      // is out of date, not the token. Show that, then ask the server for the current state.
      el.textContent = "refreshing…";
      if (!reloading) {
        reloading = true;
        setTimeout(function () { window.location.reload(); }, 3000);
      }
    });
  }
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (button && button.name === "revoke"
        && !window.confirm("Revoke this connection? SignLink revokes the grant at the provider"
            + " and deletes it here; the user must connect again to use it.")) {
      e.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
