/* Bar chart of one column of a §1.2 table; the column is chosen in #figures-chart-column. */
(function () {
  "use strict";
  function init() {
    var dataNode = document.getElementById("figures-chart-data");
    var canvas = document.getElementById("figures-chart");
    var select = document.getElementById("figures-chart-column");
    if (!dataNode || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(dataNode.textContent);
    function series(key) {
      return data.series.find(function (s) { return s.key === key; }) || data.series[0];
    }
    var first = series(select ? select.value : data.initial);
    var chart = new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: first.label, data: first.values, backgroundColor: "#01689b" }] },
      options: { responsive: true, maintainAspectRatio: false, indexAxis: data.labels.length > 8 ? "y" : "x",
                 plugins: { legend: { display: true } } }
    });
    if (select) {
      select.addEventListener("change", function () {
        var s = series(select.value);
        chart.data.datasets[0].label = s.label;
        chart.data.datasets[0].data = s.values;
        chart.update();
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
