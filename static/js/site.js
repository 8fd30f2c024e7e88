// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  var COOKIE = "ua_dismissed_message";
  var ONE_YEAR = 365 * 24 * 60 * 60;

  // Closing the site message: hide it at once and remember it, without leaving the page.
  // Without JavaScript the same link goes through the server, which sets the cookie.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-dismiss-site-message]");
    if (!link) return;
    var banner = link.closest("[data-site-message]");
    if (!banner) return;
    event.preventDefault();
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie =
      COOKIE + "=" + encodeURIComponent(banner.getAttribute("data-site-message")) +
      "; Max-Age=" + ONE_YEAR + "; Path=/; SameSite=Lax" + secure;
    banner.remove();
    var main = document.getElementById("main");
    if (main) main.focus();
  });
})();
