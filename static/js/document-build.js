// «Документ готовится»: asks the server how far the build has got and fetches the file once
// it is stored. Without JavaScript the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";
  const box = document.querySelector(".document-build");
  if (!box) return;
  const bar = box.querySelector("[data-build-bar]");
  const message = box.querySelector("[data-build-message]");
  const progress = box.querySelector(".progress");

  function show(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    progress.setAttribute("aria-valuenow", String(percent));
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 5000); return; }
        show(state.percent);
        if (state.status === "ready") {
          message.textContent = "Документ готов, скачивание началось.";
          window.location.assign(box.dataset.downloadUrl);
        } else if (state.status === "failed") {
          message.textContent = state.error;
          message.classList.add("text-danger");
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
