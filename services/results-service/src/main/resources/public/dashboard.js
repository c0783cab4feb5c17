// Pulse dashboard: loads the results API, then follows /v1/stream (Server-Sent Events).
"use strict";

const STATUSES = ["PURCHASED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"];
const COLORS = { PURCHASED: "#58a6ff", SHIPPED: "#d2a8ff", DELIVERED: "#3fb950", CANCELLED: "#f85149", RETURNED: "#d29922" };
// The stream sends a heartbeat every 15 s: two missed mean the data on screen may be old.
const STALE_AFTER_MS = 35000;

const windows = new Map(); // windowStart -> {windowStart, windowEnd, counts}
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
  const [counts, pipelines] = await Promise.all([
    fetch("/v1/commerce/status-counts?from=" + encodeURIComponent(from)).then(r => r.json()),
    fetch("/v1/pipelines").then(r => r.json()),
  ]);
  counts.windows.forEach(w => windows.set(w.windowStart, w));
  renderCommerce();
  renderPipelines(pipelines.pipelines);
}

function connect() {
  const source = new EventSource("/v1/stream");
  const touch = () => { lastMessageAt = Date.now(); updateLiveBadge(); };
  source.onopen = () => { touch(); loadAll(); }; // refetch: updates missed while disconnected
  source.addEventListener("heartbeat", touch);
  source.addEventListener("commerce", e => { touch(); const w = JSON.parse(e.data); windows.set(w.windowStart, w); renderCommerce(); });
  source.addEventListener("pipeline", () => {
    touch();
    fetch("/v1/pipelines").then(r => r.json()).then(d => renderPipelines(d.pipelines));
  });
  // EventSource reconnects by itself after an error; the badge shows the gap.
  source.onerror = () => updateLiveBadge();
}

function updateLiveBadge() {
  const badge = document.getElementById("live");
  const live = Date.now() - lastMessageAt < STALE_AFTER_MS;
  badge.textContent = live ? "live" : lastMessageAt ? "stale since " + new Date(lastMessageAt).toISOString().substring(11, 19) : "connecting";
  badge.className = "badge " + (live ? "live" : "stale");
}

document.getElementById("range").addEventListener("change", loadAll);
setInterval(updateLiveBadge, 5000);
loadAll();
connect();
