// Stakeholder pages: bar chart per province, the collaboration network, and the busy bar of a starting import
// (its live progress is an htmx-polled fragment, no script here).
// Data comes from json_script blocks (strict CSP: no inline script).
(function () {
  function data(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function provinceChart() {
    const rows = data("per-province");
    const canvas = document.getElementById("province-chart");
    if (!rows || !canvas || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map((r) => r.province || "?"),
        datasets: [{ label: canvas.dataset.label, data: rows.map((r) => r.count), backgroundColor: "#01689b" }],
      },
      options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
  }

  function networkDrawing() {
    const network = data("network-data");
    const canvas = document.getElementById("network-canvas");
    if (!network || !canvas || !network.nodes.length) return;
    const ctx = canvas.getContext("2d");
    const cx = canvas.width / 2, cy = canvas.height / 2, radius = Math.min(cx, cy) - 80;
    const position = {};
    network.nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / network.nodes.length;
      position[node.id] = [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
    });
    ctx.strokeStyle = "#8fcae7";
    ctx.lineWidth = 2;
    network.links.forEach((link) => {
      const [x1, y1] = position[link.source], [x2, y2] = position[link.target];
      ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke();
    });
    ctx.font = "13px sans-serif";
    ctx.textAlign = "center";
    network.nodes.forEach((node) => {
      const [x, y] = position[node.id];
      ctx.fillStyle = "#154273";
      ctx.beginPath(); ctx.arc(x, y, 7, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = "#000";
      ctx.fillText(node.name, x, y - 12);
    });
  }

  // A form that starts a run: a busy bar until the page with the live progress arrives, and a second click
  // is not sent (the server refuses a second start as well).
  function busyForms() {
    document.querySelectorAll("form[data-busy]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        if (form.dataset.submitted) {
          event.preventDefault();
          return;
        }
        form.dataset.submitted = "true";
        const bar = form.querySelector(".rk-progress--busy");
        if (bar) bar.hidden = false;
        form.querySelectorAll("button[type=submit]").forEach((b) => { b.setAttribute("aria-disabled", "true"); });
      });
    });
    window.addEventListener("pageshow", (event) => {
      if (!event.persisted) return; // back to a page kept in the browser's cache: clickable again
      document.querySelectorAll("form[data-busy]").forEach((form) => {
        delete form.dataset.submitted;
        const bar = form.querySelector(".rk-progress--busy");
        if (bar) bar.hidden = true;
        form.querySelectorAll("button[type=submit]").forEach((b) => { b.removeAttribute("aria-disabled"); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    provinceChart();
    networkDrawing();
    busyForms();
  });
})();
