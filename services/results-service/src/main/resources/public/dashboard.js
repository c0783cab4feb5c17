// Pulse dashboard: loads the results API, then follows /v1/stream (Server-Sent Events).
"use strict";

const STATUSES = ["PURCHASED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"];
const COLORS = { PURCHASED: "#58a6ff", SHIPPED: "#d2a8ff", DELIVERED: "#3fb950", CANCELLED: "#f85149", RETURNED: "#d29922" };
// The stream sends a heartbeat every 15 s: two missed mean the data on screen may be old.
const STALE_AFTER_MS = 35000;

const windows = new Map(); // windowStart -> {windowStart, windowEnd, counts}
const sentimentWindows = new Map(); // windowStart|source -> window over all products
const posts = new Map(); // source|sourcePostId -> scored post
const alerts = new Map(); // transactionId -> alert
const fraudMinutes = new Map(); // windowStart -> per-minute totals
const SOURCES = ["facebook", "twitter", "reviews"];
const SOURCE_COLORS = { facebook: "#58a6ff", twitter: "#d2a8ff", reviews: "#3fb950" };
const CLASSES = ["very negative", "negative", "neutral", "positive", "very positive"];
let lastMessageAt = 0;

const rangeMinutes = () => Number(document.getElementById("range").value);
const hhmm = iso => iso.substring(11, 16);

const chart = new Chart(document.getElementById("commerce-chart"), {
  type: "line",
  data: { labels: [], datasets: STATUSES.map(s => ({ label: s, data: [], borderColor: COLORS[s], backgroundColor: COLORS[s], tension: 0.2, pointRadius: 0 })) },
  options: {
    animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
    scales: { x: { ticks: { color: "#8a96a3", maxTicksLimit: 12 } }, y: { beginAtZero: true, ticks: { color: "#8a96a3" } } },
    plugins: { legend: { labels: { color: "#e6e9ec" } } },
  },
});

function renderCommerce() {
  const from = new Date(Date.now() - rangeMinutes() * 60000).toISOString();
  const shown = [...windows.values()].filter(w => w.windowStart >= from).sort((a, b) => a.windowStart.localeCompare(b.windowStart));
  chart.data.labels = shown.map(w => hhmm(w.windowStart));
  STATUSES.forEach((s, i) => { chart.data.datasets[i].data = shown.map(w => w.counts[s] || 0); });
  chart.update();
  const latest = shown[shown.length - 1];
  document.getElementById("current-window").textContent = latest ? hhmm(latest.windowStart) : "–";
  document.querySelectorAll("#current-minute [data-status]").forEach(el => {
    el.textContent = latest ? (latest.counts[el.dataset.status] || 0).toLocaleString() : "–";
  });
}

const axis = { ticks: { color: "#8a96a3", maxTicksLimit: 12 } };
const legend = { legend: { labels: { color: "#e6e9ec" } } };
const sentimentChart = new Chart(document.getElementById("sentiment-chart"), {
  type: "line",
  data: { labels: [], datasets: SOURCES.map(s => ({ label: s, data: [], borderColor: SOURCE_COLORS[s], backgroundColor: SOURCE_COLORS[s], spanGaps: true })) },
  options: { animation: false, maintainAspectRatio: false, scales: { x: axis, y: { min: 0, max: 4, ticks: { color: "#8a96a3" } } }, plugins: legend },
});
const histogramChart = new Chart(document.getElementById("histogram-chart"), {
  type: "bar",
  data: { labels: CLASSES, datasets: [{ label: "latest window", data: [0, 0, 0, 0, 0], backgroundColor: ["#f85149", "#ff7b72", "#8a96a3", "#56d364", "#3fb950"] }] },
  options: { animation: false, maintainAspectRatio: false, scales: { x: axis, y: { beginAtZero: true, ticks: { color: "#8a96a3" } } }, plugins: { legend: { display: false } } },
});
const fraudChart = new Chart(document.getElementById("fraud-chart"), {
  type: "bar",
  data: { labels: [], datasets: [{ label: "alerts", data: [], backgroundColor: "#f85149" }] },
  options: { animation: false, maintainAspectRatio: false, scales: { x: axis, y: { beginAtZero: true, ticks: { color: "#8a96a3" } } }, plugins: legend },
});

const inRange = iso => iso >= new Date(Date.now() - rangeMinutes() * 60000).toISOString();
const cell = (tr, text, className) => { const td = document.createElement("td"); td.textContent = text; if (className) td.className = className; tr.appendChild(td); };

function renderSentiment() {
  const shown = [...sentimentWindows.values()].filter(w => inRange(w.windowEnd));
  const starts = [...new Set(shown.map(w => w.windowStart))].sort();
  sentimentChart.data.labels = starts.map(hhmm);
  SOURCES.forEach((s, i) => {
    sentimentChart.data.datasets[i].data = starts.map(t => { const w = sentimentWindows.get(t + "|" + s); return w ? w.meanScore : null; });
  });
  sentimentChart.update();
  const latestStart = starts[starts.length - 1];
  const histogram = [0, 0, 0, 0, 0];
  shown.filter(w => w.windowStart === latestStart).forEach(w => w.histogram.forEach((n, i) => { histogram[i] += n; }));
  histogramChart.data.datasets[0].data = histogram;
  histogramChart.update();
  const newest = [...posts.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 8);
  const body = document.getElementById("posts-body");
  if (newest.length) {
    body.replaceChildren(...newest.map(p => {
      const tr = document.createElement("tr");
      cell(tr, p.createdAt.substring(11, 16)); cell(tr, p.source); cell(tr, p.product || "–");
      cell(tr, p.score.toFixed(2)); cell(tr, p.text, "text");
      return tr;
    }));
  }
}

function renderFraud() {
  const minutes = [...fraudMinutes.values()].filter(m => inRange(m.windowStart)).sort((a, b) => a.windowStart.localeCompare(b.windowStart));
  fraudChart.data.labels = minutes.map(m => hhmm(m.windowStart));
  fraudChart.data.datasets[0].data = minutes.map(m => m.alerts);
  fraudChart.update();
  document.getElementById("tx-count").textContent = minutes.reduce((n, m) => n + m.transactions, 0).toLocaleString();
  const shown = [...alerts.values()].filter(a => inRange(a.timestamp)).sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  document.getElementById("alert-count").textContent = shown.length.toLocaleString();
  document.getElementById("alert-amount").textContent = shown.reduce((sum, a) => sum + Number(a.amount), 0).toLocaleString(undefined, { maximumFractionDigits: 2 });
  const body = document.getElementById("alerts-body");
  if (shown.length) {
    body.replaceChildren(...shown.slice(0, 15).map(a => {
      const tr = document.createElement("tr");
      tr.dataset.transaction = a.transactionId;
      cell(tr, a.timestamp.substring(11, 19)); cell(tr, a.transactionId); cell(tr, a.customerId); cell(tr, a.terminalId);
      cell(tr, Number(a.amount).toFixed(2) + " " + (a.currency || "")); cell(tr, a.score.toFixed(3));
      cell(tr, reasons(a.features || {}).join("; ") || "–", "reasons");
      cell(tr, a.modelVersion || "–");
      return tr;
    }));
  }
}

// What stands out in an alert's features (FraudFeatures' names), strongest signals first: the model
// saw all of them, these are the ones a person checks first.
function reasons(f) {
  const out = [];
  const amount = f.TX_AMOUNT, mean30 = f.CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW, txs30 = f.CUSTOMER_ID_NB_TX_30DAY_WINDOW;
  if (txs30 != null && txs30 <= 1) out.push("customer's first transaction in 30 days");
  else if (amount != null && mean30 > 0 && amount / mean30 >= 2) out.push("amount " + (amount / mean30).toFixed(1) + "× the customer's 30-day mean");
  const risk = [1, 7, 30].map(d => [d, f["TERMINAL_ID_RISK_" + d + "DAY_WINDOW"]]).filter(([, r]) => r > 0).sort((x, y) => y[1] - x[1])[0];
  if (risk) out.push("terminal " + Math.round(risk[1] * 100) + "% fraud over " + risk[0] + (risk[0] === 1 ? " day" : " days"));
  const today = f.CUSTOMER_ID_NB_TX_1DAY_WINDOW, week = f.CUSTOMER_ID_NB_TX_7DAY_WINDOW;
  if (today >= 3 && week > 0 && today >= 3 * week / 7) out.push(today + " transactions by the customer today");
  if (f.TX_DURING_NIGHT === 1) out.push("at night");
  return out;
}

function renderModels(registry) {
  if (!registry.models.length) return;
  const ratio = x => x == null ? "–" : x.toFixed(3);
  const body = document.getElementById("models-body");
  body.replaceChildren(...registry.models.slice().reverse().map(m => {
    const tr = document.createElement("tr");
    tr.dataset.version = m.version;
    [m.version, m.role, m.model || "–", ratio(m.offline.averagePrecision), m.scored.toLocaleString(), m.alerts.toLocaleString(),
      m.labelled.toLocaleString(), ratio(m.precision), ratio(m.recall)].forEach(text => cell(tr, text));
    tr.children[1].className = "role-" + m.role;
    return tr;
  }));
}

const loadModels = () => fetch("/v1/fraud/models").then(r => r.json()).then(renderModels);

function addSentiment(w) { if (!w.product) sentimentWindows.set(w.windowStart + "|" + w.source, w); }

function renderPipelines(pipelines) {
  const body = document.getElementById("pipelines-body");
  body.replaceChildren(...pipelines.map(p => {
    const tr = document.createElement("tr");
    const cells = [p.name, p.state, p.lastBatchAt ? p.lastBatchAt.substring(11, 19) : "–",
      p.lastBatchAt ? p.batchDurationMs + " ms" : "–", p.lastBatchAt ? Math.round(p.processedRowsPerSecond).toLocaleString() : "–",
      p.offsetsBehind == null ? "–" : p.offsetsBehind.toLocaleString(), p.detail || ""];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (i === 1) td.className = "state-" + p.state;
      tr.appendChild(td);
    });
    tr.dataset.pipeline = p.name;
    return tr;
  }));
}

async function loadAll() {
  const from = new Date(Date.now() - rangeMinutes() * 60000).toISOString();
  const q = "?from=" + encodeURIComponent(from);
  const [counts, pipelines, sentiment, scored, fraudAlerts, summary] = await Promise.all([
    fetch("/v1/commerce/status-counts" + q).then(r => r.json()),
    fetch("/v1/pipelines").then(r => r.json()),
    fetch("/v1/sentiment/windows" + q).then(r => r.json()),
    fetch("/v1/sentiment/posts?limit=20").then(r => r.json()),
    fetch("/v1/fraud/alerts" + q + "&limit=200").then(r => r.json()),
    fetch("/v1/fraud/summary" + q).then(r => r.json()),
  ]);
  counts.windows.forEach(w => windows.set(w.windowStart, w));
  sentiment.windows.forEach(addSentiment);
  scored.posts.forEach(p => posts.set(p.source + "|" + p.sourcePostId, p));
  fraudAlerts.alerts.forEach(a => alerts.set(a.transactionId, a));
  summary.minutes.forEach(m => fraudMinutes.set(m.windowStart, m));
  renderCommerce();
  renderSentiment();
  renderFraud();
  renderPipelines(pipelines.pipelines);
  loadModels();
}

let liveSource = null;
function connect() {
  const source = new EventSource("/v1/stream");
  liveSource = source;
  const touch = () => { lastMessageAt = Date.now(); updateLiveBadge(); };
  source.onopen = () => { touch(); loadAll(); }; // refetch: updates missed while disconnected
  source.addEventListener("heartbeat", touch);
  source.addEventListener("commerce", e => { touch(); const w = JSON.parse(e.data); windows.set(w.windowStart, w); renderCommerce(); });
  source.addEventListener("sentiment", e => { touch(); addSentiment(JSON.parse(e.data)); renderSentiment(); });
  source.addEventListener("scored-post", e => { touch(); const p = JSON.parse(e.data); posts.set(p.source + "|" + p.sourcePostId, p); renderSentiment(); });
  source.addEventListener("fraud-alert", e => { touch(); const a = JSON.parse(e.data); alerts.set(a.transactionId, a); renderFraud(); });
  source.addEventListener("fraud-summary", e => { touch(); const m = JSON.parse(e.data); fraudMinutes.set(m.windowStart, m); renderFraud(); });
  source.addEventListener("fraud-model", () => { touch(); loadModels(); });
  source.addEventListener("pipeline", () => {
    touch();
    fetch("/v1/pipelines").then(r => r.json()).then(d => renderPipelines(d.pipelines));
  });
  // EventSource reconnects by itself after an error; the badge shows the gap.
  source.onerror = async () => {
    updateLiveBadge();
    if (!(await signedIn())) { // the session ended: stop retrying and ask again
      source.close();
      liveSource = null;
      showSignIn("The session ended: sign in again.");
    }
  };
}

function updateLiveBadge() {
  const badge = document.getElementById("live");
  const live = Date.now() - lastMessageAt < STALE_AFTER_MS;
  badge.textContent = live ? "live" : lastMessageAt ? "stale since " + new Date(lastMessageAt).toISOString().substring(11, 19) : "connecting";
  badge.className = "badge " + (live ? "live" : "stale");
}

// Reads need the read token (API.md). The page signs in once through POST /login; the answer sets
// an HttpOnly, SameSite=Strict session cookie that fetch and EventSource then send by themselves.
async function signedIn() {
  return (await fetch("/v1/pipelines")).status !== 401;
}

function showSignIn(message) {
  document.getElementById("dashboard").hidden = true;
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-error").textContent = message || "";
  document.getElementById("signin-token").focus();
}

document.getElementById("signin").addEventListener("submit", async e => {
  e.preventDefault();
  const token = document.getElementById("signin-token");
  const answer = await fetch("/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "dashboard", password: token.value }),
  });
  token.value = "";
  if (answer.ok) start(); else showSignIn("That is not the read token.");
});

document.getElementById("range").addEventListener("change", loadAll);
setInterval(updateLiveBadge, 5000);

async function start() {
  if (!(await signedIn())) { showSignIn(); return; }
  document.getElementById("signin").hidden = true;
  document.getElementById("dashboard").hidden = false;
  loadAll();
  if (!liveSource) connect();
}

start();
