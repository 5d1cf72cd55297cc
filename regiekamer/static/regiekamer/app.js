// Progressive enhancement only; the app works without JavaScript. No inline script anywhere (strict CSP).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// "Add a line" under a form's rows (regiekamer/_rows_add.html): the empty row of the formset, numbered, below
// the last one, and counted in the formset's TOTAL_FORMS so that the server reads it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-rows-add]");
  if (!button) return;
  const prefix = button.dataset.rowsAdd;
  const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const most = document.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
  const template = document.querySelector(`template[data-rows-new="${prefix}"]`);
  const rows = document.querySelector(`[data-rows="${prefix}"]`);
  if (!total || !template || !rows) return;
  const index = Number(total.value);
  if (most && index >= Number(most.value)) return;
  const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__number__", String(index + 1));
  const before = rows.children.length;
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const added = rows.children[before];
  const first = added && added.querySelector("input:not([type=hidden]), select, textarea");
  if (first) first.focus();
  if (most && index + 1 >= Number(most.value)) button.hidden = true;
});
document.querySelectorAll("[data-rows-add]").forEach((button) => {
  button.hidden = false;
});
