/* Small behaviours of every page: confirmation before irreversible posts, one click per form,
   unfolding all <details>, the error pages' «Вернуться назад», column widths of report tables.
   No inline handlers or style attributes: the CSP forbids them. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // A double click would post twice; the server refuses the second, but it need not be sent.
    form.querySelectorAll("[data-submit-once]").forEach(function (button) {
      setTimeout(function () { button.disabled = true; }, 0);
    });
  });

  // A page restored by «Назад» (the browser's page cache) keeps its buttons as they were when
  // it was left: sent, so disabled. The form may be used again; the server refuses a repeat.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("[data-submit-once]").forEach(function (button) {
      button.disabled = false;
    });
  });

  // «Развернуть всё» over a page of <details> (the roadmap's progress by year); a second click
  // folds them again.
  document.querySelectorAll("[data-details-toggle]").forEach(function (button) {
    var closedText = button.textContent;
    button.addEventListener("click", function () {
      var all = document.querySelectorAll(button.dataset.detailsToggle);
      var open = !Array.prototype.every.call(all, function (d) { return d.open; });
      all.forEach(function (d) { d.open = open; });
      button.textContent = open ? "Свернуть весь ход исполнения" : closedText;
    });
  });

  // Error pages: back to where the person came from; opened from a link elsewhere, home.
  document.querySelectorAll("[data-history-back]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (window.history.length > 1) window.history.back();
      else window.location.href = "/";
    });
  });

  // Report tables give each column its width in the document (cm), as the DOCX has it.
  document.querySelectorAll("col[data-width-cm]").forEach(function (col) {
    col.style.width = col.dataset.widthCm + "cm";
  });

  // Sizes and colours worked out on the server: the CSP allows no style attributes, so they
  // come as data-width, data-min-width and data-colour and are set here.
  document.querySelectorAll("[data-width]").forEach(function (el) {
    el.style.width = el.dataset.width;
  });
  document.querySelectorAll("[data-min-width]").forEach(function (el) {
    el.style.minWidth = el.dataset.minWidth;
  });
  document.querySelectorAll("[data-colour]").forEach(function (el) {
    el.style.background = el.dataset.colour;
  });
})();
