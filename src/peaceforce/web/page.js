// The interactive page: the controls edit a copy of the scenario, each change (debounced) posts it to
// /api/view for the plan, then once more with the escalation range and "what would change it", which
// take longer. The URL holds every input that differs from the scenario, so a view can be shared.
"use strict";

const BASE = JSON.parse(document.getElementById("base").textContent);
const SCENARIO = new URLSearchParams(location.search).get("scenario") || BASE.__name__;
const FIELDS = ["host_army", "role", "option", "us_backstop", "threat", "mandate", "eastern_flank", "exclude"];
const $ = (id) => document.getElementById(id);
const SETTLE_MS = 1000;
const form = $("controls");
let fast = null, slow = null, timer = null, seq = 0, changedAt = 0, shown = 0;

function current() {
  const f = new FormData(form);
  const lead = new Set(BASE.coalition.lead);
  const out = {
    host_army: f.get("host_army"), role: f.get("role"), option: f.get("option"),
    us_backstop: f.get("us_backstop"), threat: f.get("threat"), mandate: f.get("mandate"),
    eastern_flank: f.get("eastern_flank"),
    exclude: [...form.querySelectorAll("input[name=nation]")].filter((c) => !c.checked && !c.disabled && !lead.has(c.value))
      .map((c) => c.value).sort().join(","),
  };
  return out;
}

function baseValues() {
  return {
    host_army: String(BASE.host_army), role: BASE.role, option: BASE.option, us_backstop: BASE.us_backstop,
    threat: BASE.threat, mandate: BASE.mandate, eastern_flank: BASE.coalition.eastern_flank,
    exclude: [...BASE.coalition.exclude].sort().join(","),
  };
}

function scenario(v) {
  const s = JSON.parse(JSON.stringify(BASE));
  delete s.__name__;
  s.host_army = Number(v.host_army);
  s.role = v.role; s.option = v.option; s.us_backstop = v.us_backstop; s.threat = v.threat; s.mandate = v.mandate;
  s.coalition.eastern_flank = v.eastern_flank;
  s.coalition.exclude = v.exclude ? v.exclude.split(",") : [];
  return s;
}

// a value from a shared URL that the control does not offer is named and the scenario's kept
function apply(v) {
  const refused = [];
  for (const k of ["role", "option", "us_backstop", "threat", "mandate"]) {
    const sel = form.elements[k];
    if (v[k] == null) continue;
    if ([...sel.options].some((o) => o.value === v[k])) sel.value = v[k];
    else refused.push(`${k}: got '${v[k]}'; allowed: ${[...sel.options].map((o) => o.value).join(", ")}`);
  }
  if (v.host_army != null) {
    const n = Number(v.host_army);
    const el = form.elements.host_army;
    if (v.host_army !== "" && Number.isInteger(n) && n >= Number(el.min) && n <= Number(el.max)) el.value = String(n);
    else refused.push(`host_army: got '${v.host_army}'; allowed: a whole number from ${el.min} to ${el.max}`);
  }
  if (v.eastern_flank != null && !["protect", "ignore"].includes(v.eastern_flank)) {
    refused.push(`eastern_flank: got '${v.eastern_flank}'; allowed: protect, ignore`);
    v = {...v, eastern_flank: BASE.coalition.eastern_flank};
  }
  const codes = [...form.querySelectorAll("input[name=nation]")].filter((c) => !c.disabled).map((c) => c.value);
  const unknown = (v.exclude || "").split(",").filter((c) => c && !codes.includes(c));
  if (unknown.length) refused.push(`exclude: got '${unknown.join(",")}'; allowed: nations that may be asked and are not leads`);
  if (refused.length) {
    $("notice").textContent = "Not taken from the link (the scenario's value kept): " + refused.join(" · ");
    $("notice").hidden = false;
  }
  $("host_army_range").value = form.elements.host_army.value;
  for (const r of form.querySelectorAll("input[name=eastern_flank]")) r.checked = r.value === v.eastern_flank;
  const out = new Set((v.exclude || "").split(",").filter(Boolean));
  for (const c of form.querySelectorAll("input[name=nation]")) if (!c.disabled) c.checked = !out.has(c.value);
}

const NAMES = {host_army: "Ukraine's army", role: "role", option: "force option", us_backstop: "US backstop",
  threat: "threat", mandate: "mandate", eastern_flank: "eastern flank", exclude: "nations asked"};

function remember(v) {
  const q = new URLSearchParams();
  if (SCENARIO !== BASE.__name__) q.set("scenario", SCENARIO);
  const b = baseValues();
  const changed = [];
  for (const k of FIELDS) if (v[k] !== b[k]) { q.set(k, v[k]); changed.push(NAMES[k]); }
  const url = location.pathname + (q.toString() ? "?" + q : "");
  history.replaceState(null, "", url);
  $("changed").textContent = changed.length ? ", with these changed: " + changed.join(", ") : "";
}

// the full report of what is on screen: a changed scenario is posted, and its report opens in a new tab
$("report-link").addEventListener("click", async (ev) => {
  const v = current();
  const b = baseValues();
  if (FIELDS.every((k) => v[k] === b[k])) return;  // the scenario as it is: the plain link
  ev.preventDefault();
  const tab = window.open("", "_blank");
  const r = await fetch("/api/report", {method: "POST", headers: {"Content-Type": "application/json"},
                                        body: JSON.stringify(scenario(v))});
  const html = await r.text();
  if (tab) tab.location = URL.createObjectURL(new Blob([html], {type: "text/html"}));
});

async function post(body, signal, full) {
  const r = await fetch("/api/view" + (full ? "?risk=true&what_if=true" : ""), {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body), signal,
  });
  const data = await r.json();
  if (!r.ok) throw new Error(said(data));
  return data;
}

function said(problem) {
  if (problem && problem.detail) {
    if (typeof problem.detail === "string") return problem.detail;
    if (Array.isArray(problem.detail)) return problem.detail.map((d) => d.msg || JSON.stringify(d)).join("; ");
  }
  return "The plan could not be made.";
}

function schedule() {
  changedAt = performance.now();
  clearTimeout(timer);
  timer = setTimeout(update, 120);
}

async function update() {
  const v = current();
  const army = form.elements.host_army;
  if (v.host_army === "" || !army.checkValidity()) {
    $("error").textContent = `host_army: got '${army.value || "nothing"}'; allowed: a whole number from ` +
      `${army.min} to ${army.max}`;
    $("error").hidden = false;
    $("status").textContent = "Not planned: see the message above.";
    return;
  }
  remember(v);
  const body = scenario(v);
  if (fast) fast.abort();
  if (slow) slow.abort();
  fast = new AbortController();
  const mine = ++seq;
  $("status").textContent = "Planning…";
  try {
    const view = await post(body, fast.signal);
    if (mine !== seq) return;
    $("error").hidden = true;
    show(view, false);
    // how long the reader waited, from the change to the new answer on screen (benchmarks/bench_page.py)
    document.body.dataset.updateMs = String(Math.round(performance.now() - changedAt));
    document.body.dataset.updates = String(++shown);
    $("status").textContent = "Planned. Working out the escalation range and what would change the verdict…";
    // the slower answer (seconds of re-planning) only once the reader has stopped moving the controls,
    // so it never holds up the quick answer to the next change
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    if (mine !== seq) return;
    slow = new AbortController();
    let full;
    try {
      full = await post(body, slow.signal, true);
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      $("status").textContent = "Planned. The escalation range and what would change the verdict could not be " +
        "worked out (" + e.message + "); the figures shown stand.";
      return;
    }
    if (mine !== seq) return;
    show(full, true);
    $("status").textContent = "Planned, with the escalation range and what would change the verdict.";
  } catch (e) {
    if (e.name === "AbortError" || mine !== seq) return;
    $("error").textContent = e.message;
    $("error").hidden = false;
    $("status").textContent = "Not planned: see the message above.";
  }
}

const fmt = (x) => Math.round(x).toLocaleString("en-GB");
const pct = (x) => (x > 0 && x < 0.005 ? "under 1" : x > 0.995 && x < 1 ? "over 99" : Math.round(x * 100)) + "%";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function chart(id, spec) {
  const box = $(id);
  box.setAttribute("aria-label", spec.description || id);
  window.vegaEmbed(box, spec, {actions: false, renderer: "svg"}).then((res) => {
    const svg = box.querySelector("svg");
    if (svg) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", spec.description || id); }
    return res;
  }).catch((e) => { box.textContent = "Chart not drawn: " + e.message; });
}

function show(v, complete) {
  $("force").textContent = fmt(v.force.central);
  $("force-range").textContent = `range ${fmt(v.force.low)}–${fmt(v.force.high)}; ` +
    (v.force.gap ? `${fmt(v.force.sourced)} sourced, ${fmt(v.force.gap)} unfilled` : "all of it sourced") +
    `; ${v.force.role}, ${v.force.option} option`;
  const box = $("verdict");
  box.className = "verdict " + v.verdict_class;
  $("verdict-word").textContent = "Coalition: " + v.verdict;
  const items = $("verdict-items");
  items.replaceChildren(...v.reasons.map((t) => el("li", "Fails: " + t)), ...v.open.map((t) => el("li", "Open: " + t)));
  $("lead").textContent = v.lead;
  $("host-note").textContent = v.host_note;
  $("ticker-force").textContent = "Force " + fmt(v.force.central);
  $("ticker-verdict").textContent = "Coalition: " + v.verdict;
  $("ticker").className = v.verdict_class;
  $("figures").replaceChildren(...v.figures.map((f) => {
    const card = el("div", null, "figure-card");
    card.append(el("div", f.label, "label"), el("div", f.value, "value"), el("div", f.detail, "detail"));
    return card;
  }));
  const narrow = window.matchMedia("(max-width: 760px)").matches;
  const specs = narrow ? v.charts_narrow : v.charts;
  for (const name of Object.keys(specs)) chart("chart-" + name, specs[name]);
  $("map").innerHTML = v.map_svg;  // made by the server's map renderer (every text in it escaped)
  const gaps = $("gaps");
  gaps.replaceChildren(v.gaps.length ? el("ul") : el("p", "None: every line of the requirement is filled.", "note"));
  for (const g of v.gaps) {
    gaps.firstChild.append(el("li", `${g.where}: ${g.units} ${g.unit_type} (${g.capability}), ${fmt(g.troops)} troops; ` +
      (g.who.length ? "could be closed by " + g.who.join(", ") : "no nation could close it")));
  }
  const rows = v.nations.map((n) => {
    const tr = el("tr");
    const reasons = [...n.fails.map((t) => "Fails: " + t), ...n.open.map((t) => "Open: " + t), n.note].filter(Boolean);
    tr.append(el("th", n.name), el("td", n.troops, "num"), el("td", n.verdict_text, "mark " + n.verdict_class),
      el("td", reasons.join(" · ") || "–"));
    tr.firstChild.scope = "row";
    tr.dataset.nation = n.code;
    return tr;
  });
  $("board").tBodies[0].replaceChildren(...rows);
  if (complete) {
    $("what-if").replaceChildren(...(v.what_if && v.what_if.length ? v.what_if.map((w) => el("li", `${w.who}: ${w.text}`))
      : [el("li", "Nothing the plan tried changes a verdict.", "note")]));
  } else {
    $("what-if").replaceChildren(el("li", "Worked out after the plan (each change is planned again)…", "note"));
  }
  const e = v.escalation;
  $("escalation").textContent = `Escalation to major combat: ${pct(e.central)} over the mission (95% interval ` +
    `${pct(e.ci_low)} to ${pct(e.ci_high)}, sampling only)` + (e.range_low != null ?
    `; across the assumptions' ranges ${pct(e.range_low)} to ${pct(e.range_high)}` : "") +
    `; threshold ${pct(e.threshold)}. About ${fmt(e.per_year)} incidents a year reach the force.`;
}

form.addEventListener("input", (ev) => {
  const t = ev.target;
  if (t.dataset.mirror) form.elements[t.dataset.mirror].value = t.value;
  if (t.id === "host_army") $("host_army_range").value = t.value;
  schedule();
});
$("reset").addEventListener("click", () => { apply(baseValues()); schedule(); });

// a shared view: the URL's inputs over the scenario's
const given = Object.fromEntries(new URLSearchParams(location.search));
apply({...baseValues(), ...given});
update();
