// The agent console's only script: SLA countdowns tick live. Every page works without it.
(function () {
  "use strict";
  function short(seconds) {
    var sign = seconds < 0 ? "-" : "", left = Math.floor(Math.abs(seconds));
    var d = Math.floor(left / 86400), h = Math.floor((left % 86400) / 3600), m = Math.floor((left % 3600) / 60);
    if (d) { return sign + d + "d " + h + "h"; }
    if (h) { return sign + h + "h " + (m < 10 ? "0" : "") + m + "m"; }
    if (m) { return sign + m + "m"; }
    return sign + (left % 60) + "s";
  }
  function tick() {
    var now = Date.now(), clocks = document.querySelectorAll(".sla[data-due]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i], due = Date.parse(el.getAttribute("data-due")), warn = Date.parse(el.getAttribute("data-warn"));
      if (isNaN(due)) { continue; }
      var state = now >= due ? "breached" : (!isNaN(warn) && now >= warn ? "warning" : "ok");
      el.className = "sla sla-" + state;
      el.firstChild.nodeValue = short((due - now) / 1000);
      var hidden = el.querySelector(".visually-hidden");
      if (hidden) { hidden.textContent = " (" + state + ")"; }
    }
  }
  if (document.querySelector(".sla[data-due]")) { tick(); setInterval(tick, 15000); }
})();
