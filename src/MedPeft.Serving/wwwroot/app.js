// The page of `medpeft serve`: plain JavaScript against the server's own API, nothing loaded from elsewhere.
"use strict";

const $ = id => document.getElementById(id);
let image = null; // the chosen File

function headers() {
  const token = $("token").value.trim();
  localStorage.setItem("medpeft-token", token);
  return token ? { Authorization: "Bearer " + token } : {};
}

function status(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

async function failure(response) {
  try {
    const body = await response.json();
    return `${response.status} ${body.error}: ${body.detail}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

// fetch rejects (rather than returning a response) when the server cannot be reached at all.
function unreachable(error) {
  return `the server did not answer: ${error.message}`;
}

function imageForm() {
  const form = new FormData();
  form.append("image", image, image.name);
  if ($("slice").value !== "") form.append("slice", $("slice").value);
  form.append("plane", $("plane").value);
  return form;
}

async function loadAdapters() {
  let health, listing;
  try {
    [health, listing] = await Promise.all([
      fetch("health").then(r => r.json()),
      fetch("v1/adapters", { headers: headers() }),
    ]);
  } catch (error) {
    status(unreachable(error), true);
    return;
  }
  $("model").textContent = `${health.model} (${health.architecture})`;
  if (!listing.ok) { status(await failure(listing), true); return; }
  const { adapters } = await listing.json();
  const choices = $("choices");
  const checked = new Set([...choices.querySelectorAll("input:checked")].map(i => i.value));
  choices.replaceChildren();
  for (const name of ["base", ...adapters.map(a => a.name)]) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = name;
    box.checked = checked.size ? checked.has(name) : name === "base";
    label.append(box, " ", name);
    choices.append(label);
  }
  const rows = adapters.map(a => {
    const row = document.createElement("tr");
    for (const cell of [a.name, a.plan, a.trainable_parameters.toLocaleString("en"), a.served_as]) {
      const td = document.createElement("td");
      td.textContent = cell;
      row.append(td);
    }
    return row;
  });
  $("adapters").tBodies[0].replaceChildren(...rows);
}

async function render() {
  if (!image) return;
  status("reading the image…");
  let response;
  try {
    response = await fetch("v1/render", { method: "POST", body: imageForm(), headers: headers() });
  } catch (error) {
    $("preview").hidden = true;
    status(unreachable(error), true);
    return;
  }
  if (!response.ok) { $("preview").hidden = true; status(await failure(response), true); return; }
  $("preview").src = URL.createObjectURL(await response.blob());
  $("preview").hidden = false;
  status("");
}

function choose(file) {
  if (!file) return;
  image = file;
  $("answers").replaceChildren(); // answers about the previous image no longer apply
  render();
}

async function ask(event) {
  event.preventDefault();
  if (!image) { status("choose an image first", true); return; }
  const report = $("report").checked;
  const form = imageForm();
  if (!report) form.append("question", $("question").value);
  for (const box of $("choices").querySelectorAll("input:checked")) form.append("adapter", box.value);
  if ($("beams").value) form.append("num_beams", $("beams").value);
  if ($("tokens").value) form.append("max_new_tokens", $("tokens").value);
  $("send").disabled = true;
  status("asking…");
  try {
    const response = await fetch(report ? "v1/report" : "v1/vqa", { method: "POST", body: form, headers: headers() });
    if (!response.ok) { status(await failure(response), true); return; }
    const { answers } = await response.json();
    $("answers").replaceChildren(...answers.map(a => {
      const card = document.createElement("div");
      card.className = "answer";
      const title = document.createElement("h3");
      title.textContent = a.adapter ?? "base model";
      const text = document.createElement("div");
      text.className = "text";
      text.textContent = a.answer;
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = `${a.tokens} tokens · ${a.latency_ms} ms`;
      card.append(title, text, meta);
      return card;
    }));
    status("");
  } catch (error) {
    status(unreachable(error), true);
  } finally {
    $("send").disabled = false;
  }
}

$("token").value = localStorage.getItem("medpeft-token") || "";
$("token").addEventListener("change", loadAdapters);
// Cleared after each choice, so choosing the same file again (after editing it) fires "change" again.
$("file").addEventListener("change", e => { choose(e.target.files[0]); e.target.value = ""; });
$("slice").addEventListener("change", render);
$("plane").addEventListener("change", render);
$("ask").addEventListener("submit", ask);
const drop = $("drop");
drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over"); choose(e.dataTransfer.files[0]); });
loadAdapters();
