// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  var COOKIE = "ua_dismissed_message";
  var ONE_YEAR = 365 * 24 * 60 * 60;
  var FETCH_HEADERS = { "X-Requested-With": "fetch" };

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

  // A cached copy of a page may still carry a message this visitor closed.
  var dismissed = document.cookie.split("; ").filter(function (pair) {
    return pair.indexOf(COOKIE + "=") === 0;
  }).map(function (pair) { return decodeURIComponent(pair.slice(COOKIE.length + 1)); })[0];
  document.querySelectorAll("[data-site-message]").forEach(function (banner) {
    if (banner.getAttribute("data-site-message") === dismissed) banner.remove();
  });

  // Public pages are the same for everyone (so they can be cached); what belongs to this visitor
  // (the header's links, the letter panel) comes from small private URLs and replaces the
  // logged-out version.
  function load(element, url) {
    return fetch(url, { credentials: "same-origin", headers: FETCH_HEADERS })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) element.innerHTML = html; })
      .catch(function () { /* keep the logged-out version */ });
  }

  document.querySelectorAll("[data-personal-tools]").forEach(function (element) {
    load(element, element.getAttribute("data-personal-tools"));
  });

  document.querySelectorAll("[data-letter-panel]").forEach(function (panel) {
    var url = panel.getAttribute("data-letter-panel");
    load(panel, url);

    // Report letters and follow the case in place; the forms also work as plain posts.
    panel.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-panel-form]");
      if (!form) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;  // one click, one request
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: FETCH_HEADERS
      })
        .then(function (response) {
          if (response.status === 204) return load(panel, url);
          return response.text().then(function (html) { panel.innerHTML = html; });
        })
        .catch(function () { form.submit(); });
    });
  });
})();
