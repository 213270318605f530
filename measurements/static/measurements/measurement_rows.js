// The measurement rows of the admin form (measurements.forms.MeasurementRowsWidget): an
// "Add a row" button, and the unit shown next to each value following the Unit field. The form
// works without this script: it offers empty rows of its own.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.measurement-rows")) {
    const prefix = table.dataset.prefix;
    const body = table.tBodies[0];
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button measurement-add-row";
    button.textContent = "Add a row";
    button.addEventListener("click", () => {
      const rows = body.querySelectorAll("tr.measurement-row");
      const copy = rows[rows.length - 1].cloneNode(true);
      const index = rows.length;
      for (const input of copy.querySelectorAll("input")) {
        const part = input.dataset.part;
        input.name = `${prefix}-${part}-${index}`;
        input.id = `${table.id}-${part}-${index}`;
        input.value = "";
        input.setAttribute("aria-label", `${part === "name" ? "Measurement name" : "Value"} ${index + 1}`);
      }
      body.appendChild(copy);
      copy.querySelector("input").focus();
    });
    table.after(button);
  }

  const unit = document.getElementById("id_unit");
  if (unit) {
    const show = () => {
      for (const span of document.querySelectorAll(".measurement-unit")) {
        span.textContent = unit.value;
      }
      for (const th of document.querySelectorAll("table.measurement-rows thead th:last-child")) {
        th.textContent = `Value (${unit.value})`;
      }
    };
    unit.addEventListener("change", show);
  }
});
