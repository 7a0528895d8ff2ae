// The inspector's buttons and forms: each calls an existing /_mock endpoint, shows the answer, then reloads the
// page so every section shows the state after the step. No framework, no other host.
"use strict";

function flash(text, isError) {
  const box = document.getElementById("flash");
  box.textContent = text;
  box.className = isError ? "error" : "";
}

async function call(method, path, body) {
  const init = { method: method, headers: { "content-type": "application/json" } };
  if (method !== "GET" && method !== "DELETE") init.body = JSON.stringify(body || {});
  let answer;
  try {
    const response = await fetch(path, init);
    answer = await response.json();
  } catch (err) {
    flash(method + " " + path + ": " + err, true);
    return;
  }
  if (answer.code !== 0) {
    flash(method + " " + path + " refused: " + answer.code + " " + answer.message, true);
    return;
  }
  sessionStorage.setItem("inspector-flash", method + " " + path + ": done (request_id " + answer.request_id + ")");
  window.location.reload();
}

const forms = {
  clock: (f) => ({ path: "/_mock/clock", body: { advance: Number(f.get("advance")) } }),
  place: (f) => {
    const body = { shop_id: f.get("shop_id"), paid: f.get("paid") === "on" };
    const sku = String(f.get("sku_id") || "").trim();
    if (sku) body.items = [{ sku_id: sku, quantity: Number(f.get("quantity") || 1) }];
    return { path: "/_mock/orders", body: body };
  },
  fault: (f) => ({ path: "/_mock/faults", body: JSON.parse(String(f.get("rule"))) }),
};

document.addEventListener("click", (event) => {
  const target = event.target.closest("button");
  if (!target) return;
  if (target.dataset.copy !== undefined) {
    navigator.clipboard.writeText(target.dataset.copy).then(
      () => flash("copied", false),
      () => flash("copy refused by the browser: select the text instead", true),
    );
  } else if (target.dataset.path) {
    if (target.dataset.confirm && !window.confirm(target.dataset.confirm)) return;
    call(target.dataset.method || "POST", target.dataset.path, JSON.parse(target.dataset.body || "{}"));
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  const build = forms[form.dataset.form];
  if (!build) return;
  event.preventDefault();
  let spec;
  try {
    spec = build(new FormData(form));
  } catch (err) {
    flash("not sent: " + err.message, true);
    return;
  }
  call("POST", spec.path, spec.body);
});

document.addEventListener("DOMContentLoaded", () => {
  const last = sessionStorage.getItem("inspector-flash");
  if (last) {
    sessionStorage.removeItem("inspector-flash");
    flash(last, false);
  }
});
