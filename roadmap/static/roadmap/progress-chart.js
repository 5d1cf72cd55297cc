// Draws an indicator's aggregated approved values and its programme target (data from json_script).
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("progress-chart");
    var source = document.getElementById("progress-data");
    if (!canvas || !source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var datasets = [{ label: data.valueLabel, data: data.values, borderColor: "#154273", backgroundColor: "#154273", tension: 0 }];
    if (data.target !== null) {
      datasets.push({ label: data.targetLabel, data: data.labels.map(function () { return data.target; }),
        borderColor: "#d52b1e", borderDash: [6, 4], pointRadius: 0 });
    }
    new Chart(canvas, { type: "line", data: { labels: data.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
