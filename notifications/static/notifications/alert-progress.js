// Keeps an alert's progress current in the admin while it waits or goes out.
(function () {
  "use strict";
  var section = document.querySelector("[data-alert-progress]");
  if (!section || !window.fetch) return;
  var url = section.getAttribute("data-alert-progress");
  var lastStatus = null;

  function show(progress) {
    section.querySelectorAll("[data-field]").forEach(function (element) {
      var name = element.getAttribute("data-field");
      if (name === "progress") {
        element.max = Math.max(progress.recipients, 1);
        element.value = progress.done;
        element.textContent = progress.done + " / " + progress.recipients;
      } else if (name in progress) {
        element.textContent = progress[name];
      }
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) return;
        show(progress);
        if (lastStatus && lastStatus !== progress.status) {
          window.location.reload(); // the available actions change with the status
          return;
        }
        lastStatus = progress.status;
        if (progress.status === "scheduled" || progress.status === "sending") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 2000);
})();
