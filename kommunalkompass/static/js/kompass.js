// Small behaviours, bound through data- attributes. Everything works without them.
(function () {
  "use strict";

  // Filter a list as you type (organisation switcher, organisation list).
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-filter-list]")) return;
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) return;
    var needle = input.value.trim().toLowerCase();
    list.querySelectorAll("li").forEach(function (item) {
      item.hidden = needle !== "" && item.textContent.toLowerCase().indexOf(needle) === -1;
    });
  });

  // Close the organisation switcher and the navigation menu with Escape and return focus.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document
      .querySelectorAll("details[data-switcher][open], details[data-close-outside][open]")
      .forEach(function (details) {
        details.open = false;
        details.querySelector("summary").focus();
      });
  });

  // A menu (data-close-outside) closes when one clicks elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-close-outside][open]").forEach(function (details) {
      if (!details.contains(event.target)) details.open = false;
    });
  });

  // Register type-ahead: a chosen entry fills the organisation form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-register-entry]") : null;
    if (!button) return;
    event.preventDefault();
    var data = JSON.parse(button.getAttribute("data-register-entry"));
    var form = button.closest("form");
    Object.keys(data).forEach(function (name) {
      var field = form.querySelector("[name='" + name + "']");
      if (field && data[name] !== null) field.value = data[name];
    });
    var results = document.getElementById("register-results");
    if (results) results.innerHTML = "";
    var status = document.getElementById("register-status");
    if (status) status.textContent = button.getAttribute("data-chosen-text");
    var name = form.querySelector("[name='name']");
    if (name) name.focus();
  });

  // Copy the value of a field (data-copy names its id) and say so in the status next to it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var status = button.closest(".copy-field");
    status = status ? status.querySelector("[role=status]") : null;
    var done = function () {
      if (status) status.textContent = button.getAttribute("data-copied-text") || "";
    };
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  });

  // A print button (data-print): the page's print style does the rest.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();
