// SignLink console: keeps each connection's status and token expiry true while the page is open,
// and asks before a revoke. Served from /console/assets so the content security policy can forbid
// inline script.
//
// The page asks the server (/console/state) every few seconds, and at once when a countdown reaches
// zero: the background refresher, callers and other instances refresh tokens behind the page's
// back, so the expiry the page was rendered with goes stale. Countdowns run on the server's clock
// (the answer carries it), not the browser's. A token whose expiry passed is not shown as a red
// "expired": SignLink renews it on next use, and the next answer says whether it has been.
(function () {
  "use strict";
  var POLL_MS = 5000;
  var offset = 0; // server clock minus browser clock, from the last answer
  var polling = false;
  var lastPoll = 0;

  function serverNow() { return Date.now() + offset; }

  function format(ms) {
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return "in " + (h > 0 ? h + "h " : "") + (h > 0 || m > 0 ? m + "m " : "") + sec + "s";
  }

  function utc(iso) {
    return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
  }

  function tick() {
    var now = serverNow();
    var due = false;
    document.querySelectorAll("time.countdown").forEach(function (el) {
      var at = Date.parse(el.getAttribute("datetime"));
      if (isNaN(at)) { return; }
      var left = at - now;
      el.classList.remove("passed");
      if (left > 0) {
        el.textContent = format(left);
        return;
      }
      // Not "expired": the server may have refreshed it already; ask.
      el.classList.add("passed");
      el.textContent = "renewed on next use (was due " + utc(el.getAttribute("datetime")) + ")";
      due = true;
    });
    if (due && Date.now() - lastPoll > 2000) { poll(); }
  }

  function rows() {
    return document.querySelectorAll("[data-connection-id]");
  }

  function stateUrl() {
    var one = document.querySelector("section[data-connection-id]");
    return "/console/state" + (one ? "?id=" + encodeURIComponent(one.getAttribute("data-connection-id")) : "");
  }

  function typing() {
    var a = document.activeElement;
    return a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA") && a.value;
  }

  function apply(state) {
    offset = Date.parse(state.now) - Date.now();
    var byId = {};
    state.connections.forEach(function (c) { byId[c.id] = c; });
    var changed = false;
    var shown = {};
    rows().forEach(function (el) {
      var id = el.getAttribute("data-connection-id");
      shown[id] = true;
      var c = byId[id];
      // A new status changes the page's buttons, a deletion its rows: render it anew.
      if (!c || c.status !== el.getAttribute("data-status")) { changed = true; return; }
      var t = el.querySelector("time.countdown");
      if (t && c.expires_at && t.getAttribute("datetime") !== c.expires_at) {
        t.setAttribute("datetime", c.expires_at);
      }
      var last = el.querySelector(".last-refresh");
      if (last && c.last_refreshed_at) {
        var time = last.querySelector("time");
        if (!time || time.getAttribute("datetime") !== c.last_refreshed_at) {
          last.innerHTML = "";
          var n = document.createElement("time");
          n.setAttribute("datetime", c.last_refreshed_at);
          n.textContent = utc(c.last_refreshed_at);
          last.appendChild(n);
        }
      }
    });
    if (document.getElementById("connections") || document.getElementById("no-connections")) {
      state.connections.forEach(function (c) { if (!shown[c.id]) { changed = true; } });
    }
    if (changed && !typing()) {
      window.location.reload();
      return;
    }
    tick();
  }

  function poll() {
    if (polling || !rows().length && !document.getElementById("no-connections")) { return; }
    polling = true;
    lastPoll = Date.now();
    fetch(stateUrl(), { credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (r) {
        if (r.type === "opaqueredirect" || r.status === 303) {
          window.location.reload(); // signed out meanwhile: the page shows the sign-in form
          return null;
        }
        return r.ok ? r.json() : null;
      })
      .then(function (state) { if (state) { apply(state); } })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { polling = false; });
  }

  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (button && button.name === "revoke"
        && !window.confirm("Revoke this connection? SignLink revokes the grant at the provider"
            + " and deletes it here; the user must connect again to use it.")) {
      e.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // The consent banner is for this visit: a reload should not announce the connection again.
    if (document.getElementById("banner") && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + window.location.hash);
    }
    tick();
    poll();
    setInterval(tick, 1000);
    setInterval(poll, POLL_MS);
  });
})();
