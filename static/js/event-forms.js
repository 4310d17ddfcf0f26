/* Forms of the plan and the report: searchable multi-selects, agreements that fit the chosen
   regions, the «Все субъекты РФ» switch and the «оставить как написано» tick for a timing
   phrase that is not recognised. The server checks all of it again on submit. */
(function () {
  "use strict";

  document.querySelectorAll("select[data-tom-select]").forEach(function (select) {
    var ordered = select.dataset.tomSelect === "ordered";
    new TomSelect(select, {
      // Agreements are listed in the report in the order chosen; they can be dragged to reorder.
      plugins: ordered ? ["remove_button", "drag_drop"] : ["remove_button"],
      placeholder: select.dataset.placeholder || "",
      maxOptions: null,
      closeAfterSelect: ordered,
      // Regions are also found by the other names the reference knows («СПб», «Кузбасс»):
      // each <option data-names="…"> carries them (workspace.forms.RegionSelectMultiple).
      searchField: ["text", "names"],
      // The typed text is cleared after a choice, so the next search starts afresh instead of
      // «БрянКалуж» that finds nothing.
      onItemAdd: function () {
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
      render: {
        no_results: function () {
          return '<div class="no-results">Ничего не найдено</div>';
        },
      },
    });
  });

  // «Оставить как написано»: shown while the timing phrase is not recognised (the preview under
  // the field says so) or once it is ticked; the server checks it again on save.
  var asWritten = document.querySelector("[data-timing-as-written]");
  if (asWritten) {
    var tick = asWritten.querySelector("input[type=checkbox]");
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target.id !== "timing-preview") return;
      var unrecognised = event.target.querySelector("[data-timing-unrecognised]") !== null;
      asWritten.hidden = !(unrecognised || tick.checked);
    });
  }

  var regions = document.getElementById("id_regions");
  var allRegions = document.getElementById("id_all_regions");
  var agreement = document.querySelector("select[data-agreement-filter]");
  if (!regions || !agreement) return;

  var hint = document.createElement("div");
  hint.className = "form-text text-warning agreement-hint";
  agreement.insertAdjacentElement("afterend", hint);

  function filterAgreements() {
    var chosen = new Set(Array.from(regions.selectedOptions).map(function (o) { return o.value; }));
    var everyone = allRegions && allRegions.checked;
    var shown = 0;
    Array.from(agreement.options).forEach(function (option) {
      if (!option.value) return;
      var ids = (option.dataset.regions || "").split(" ");
      var fits = everyone || ids.some(function (id) { return chosen.has(id); });
      option.hidden = !fits;
      option.disabled = !fits;
      if (fits) shown += 1;
      if (!fits && option.selected) agreement.value = "";
    });
    hint.textContent = shown ? "" : "С выбранными субъектами соглашений нет.";
  }

  function toggleAllRegions() {
    if (!allRegions || !regions.tomselect) return;
    if (allRegions.checked) regions.tomselect.disable();
    else regions.tomselect.enable();
  }

  regions.addEventListener("change", filterAgreements);
  if (allRegions) {
    allRegions.addEventListener("change", function () {
      toggleAllRegions();
      filterAgreements();
    });
  }
  toggleAllRegions();
  filterAgreements();
})();
