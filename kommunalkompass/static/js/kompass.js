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

  // A long form on a small screen, one step at a time (data-stepper holds the media query;
  // each [data-step] is a step, [data-step-last] shows with the last one). Steps with an
  // error come first; on a larger screen, and without JavaScript, every step is shown.
  function setUpStepper(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var last = form.querySelector("[data-step-last]");
    if (steps.length < 2) return;
    var query = window.matchMedia(form.getAttribute("data-stepper"));
    var bar = document.createElement("div");
    bar.className = "stepper";
    var status = document.createElement("p");
    status.className = "stepper__status";
    status.setAttribute("aria-live", "polite");
    var progress = document.createElement("progress");
    progress.className = "stepper__progress";
    progress.max = steps.length;
    bar.appendChild(status);
    bar.appendChild(progress);
    var buttons = document.createElement("div");
    buttons.className = "stepper__buttons actions";
    var back = document.createElement("button");
    back.type = "button";
    back.className = "kern-btn kern-btn--secondary";
    back.textContent = form.getAttribute("data-stepper-back");
    var next = document.createElement("button");
    next.type = "button";
    next.className = "kern-btn kern-btn--primary";
    next.textContent = form.getAttribute("data-stepper-next");
    buttons.appendChild(back);
    buttons.appendChild(next);
    steps[0].parentNode.insertBefore(bar, steps[0]);
    (last || steps[steps.length - 1]).after(buttons);
    var invalid = steps.findIndex(function (step) {
      return step.querySelector(".question--invalid, [aria-invalid=true]");
    });
    var current = invalid >= 0 ? invalid : 0;

    function show(index, focus) {
      current = index;
      var active = query.matches;
      bar.hidden = !active;
      buttons.hidden = !active;
      steps.forEach(function (step, number) {
        step.hidden = active && number !== index;
      });
      if (last) last.hidden = active && index !== steps.length - 1;
      if (!active) return;
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      progress.value = index + 1;
      status.textContent = form
        .getAttribute("data-stepper-progress")
        .replace("%(step)s", index + 1)
        .replace("%(steps)s", steps.length);
      if (focus) {
        var heading = steps[index].querySelector("h2");
        form.scrollIntoView();
        if (heading) heading.focus();
      }
    }
    back.addEventListener("click", function () { show(Math.max(current - 1, 0), true); });
    next.addEventListener("click", function () {
      show(Math.min(current + 1, steps.length - 1), true);
    });
    query.addEventListener("change", function () { show(current, false); });
    show(current, false);
  }
  document.querySelectorAll("form[data-stepper]").forEach(setUpStepper);

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

  // Vision workshops ---------------------------------------------------------------------
  // The facilitator's board (data-workshop-board): drag a card (data-workshop-card) into a
  // column (data-workshop-drop, the cluster's id or "" for none). The move is sent like the
  // card's own select form would send it; without JS that form does the same.
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest("[data-workshop-card]") : null;
    if (!card || !card.closest("[data-workshop-board]")) return;
    dragged = card;
    card.classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-workshop-card"));
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragged");
    dragged = null;
    document.querySelectorAll(".workshop-column.is-target").forEach(function (column) {
      column.classList.remove("is-target");
    });
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest ? event.target.closest("[data-workshop-drop]") : null;
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.add("is-target");
  });
  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest ? event.target.closest("[data-workshop-drop]") : null;
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("is-target");
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest ? event.target.closest("[data-workshop-drop]") : null;
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("is-target");
    var board = column.closest("[data-workshop-board]");
    var card = dragged;
    var cluster = column.getAttribute("data-workshop-drop");
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    headers["X-Requested-With"] = "fetch";
    var body = new FormData();
    body.append("card", card.getAttribute("data-workshop-card"));
    body.append("cluster", cluster);
    fetch(board.getAttribute("data-move-url"), {
      method: "POST", body: body, headers: headers, credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) { window.location.reload(); return; }
      column.querySelector(".workshop-cards").appendChild(card);
      var select = card.querySelector("select[name=cluster]");
      if (select) select.value = cluster;
      card.setAttribute("data-moved", cluster);
    });
  });

  // A form that asks before it is sent (data-workshop-confirm holds the question).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-workshop-confirm")) return;
    if (!window.confirm(form.getAttribute("data-workshop-confirm"))) event.preventDefault();
  });

  // A card form sends once: a second click while it is sent does nothing (the server also
  // stores a card sent twice only once, by the form's key).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-workshop-card-form")) return;
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
  });
  // A page that htmx swapped in for a boosted form (the survey's parts) is a new page:
  // reading starts at its content, as after a page load, not at a button that is gone.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail || !event.detail.boosted) return;
    var main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  });
  // Roadmap: drag a measure's bar (data-roadmap-key, its first quarter data-roadmap-start,
  // the width of a quarter data-roadmap-column in chart units) to another quarter. The drop
  // fills in and sends the "Move a measure" form named by data-roadmap-form on the chart's
  // box, which stays the way to do it by keyboard. Pointer events cover mouse, pen and touch.
  function setUpRoadmap(box) {
    var form = document.getElementById(box.getAttribute("data-roadmap-form"));
    var status = document.getElementById(box.getAttribute("data-roadmap-status"));
    if (!form || !form.elements.measure || !form.elements.quarter) return;
    var measures = form.elements.measure;
    var quarters = form.elements.quarter;
    function movable(key) {
      return Array.prototype.some.call(measures.options, function (option) {
        return option.value === key;
      });
    }
    function quarterLabel(index) {
      var option = Array.prototype.find.call(quarters.options, function (item) {
        return item.value === String(index);
      });
      return option ? option.textContent : null;
    }
    var drag = null;
    box.querySelectorAll("rect[data-roadmap-key]").forEach(function (bar) {
      if (!movable(bar.getAttribute("data-roadmap-key"))) return;
      bar.classList.add("is-draggable");
      // touch-action does not reach into an SVG: without this a finger on a bar would
      // scroll the chart's box instead (and cancel the drag); elsewhere the chart scrolls.
      bar.addEventListener("touchstart", function (event) { event.preventDefault(); },
        { passive: false });
      bar.addEventListener("pointerdown", function (event) {
        if (event.button !== 0 || drag) return;
        var svg = bar.ownerSVGElement;
        var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        drag = {
          bar: bar,
          x: event.clientX,
          column: parseFloat(bar.getAttribute("data-roadmap-column")) * scale,
          scale: scale,
          start: parseInt(bar.getAttribute("data-roadmap-start"), 10),
          shift: 0,
        };
        try { bar.setPointerCapture(event.pointerId); } catch (error) { /* still follows */ }
        bar.classList.add("is-dragging");
        event.preventDefault();
      });
      bar.addEventListener("pointermove", function (event) {
        if (!drag || drag.bar !== bar) return;
        var shift = Math.round((event.clientX - drag.x) / drag.column);
        var last = quarters.options.length - 1;
        shift = Math.max(-drag.start, Math.min(last - drag.start, shift));
        if (shift === drag.shift) return;
        drag.shift = shift;
        var units = (shift * drag.column) / drag.scale;
        bar.setAttribute("transform", shift ? "translate(" + units + " 0)" : "");
        var label = quarterLabel(drag.start + shift);
        if (status && label) {
          status.textContent = box.getAttribute("data-roadmap-moving").replace("%s", label);
        }
      });
      function finish(send) {
        if (!drag || drag.bar !== bar) return;
        var target = drag.start + drag.shift;
        bar.classList.remove("is-dragging");
        var moved = send && drag.shift !== 0 && quarterLabel(target) !== null;
        drag = null;
        if (!moved) {
          bar.removeAttribute("transform");
          return;
        }
        measures.value = bar.getAttribute("data-roadmap-key");
        quarters.value = String(target);
        if (form.elements.pin) form.elements.pin.checked = true;
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
      bar.addEventListener("pointerup", function () { finish(true); });
      bar.addEventListener("pointercancel", function () { finish(false); });
    });
  }
  document.querySelectorAll("[data-roadmap-form]").forEach(setUpRoadmap);

  // A link to a collapsed section (the goals page's #goal-3) opens it: the target itself or
  // the <details> around it.
  function openTarget() {
    if (!window.location.hash) return;
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target) return;
    var details = target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
