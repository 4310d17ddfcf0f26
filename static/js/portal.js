/* Small behaviours of every page: confirmation before irreversible posts, one click per form. */
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
})();
