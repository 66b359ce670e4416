/* Kabinet dashboards: draws each chart from the JSON the server rendered next to it.
   Progressive enhancement only: the same figures are in the table under every chart. */
(function () {
  "use strict";
  function dataset(spec, kind) {
    var color = spec.color;
    return {
      label: spec.label, data: spec.data, backgroundColor: color, borderColor: color,
      borderWidth: kind === "line" ? 2 : 0, pointRadius: 3, spanGaps: true, tension: 0
    };
  }
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) return;
    var spec = JSON.parse(source.textContent), unit = spec.unit || "";
    var percent = unit === "%";
    canvas.closest(".chart").classList.add("drawn");  /* show the box before Chart.js sizes to it */
    new window.Chart(canvas, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) { return dataset(d, spec.kind); })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (item) {
            return item.dataset.label + ": " + item.formattedValue + unit;
          } } }
        },
        scales: {
          x: { stacked: spec.stacked, ticks: { autoSkip: true, maxRotation: 45 } },
          y: {
            stacked: spec.stacked, beginAtZero: true, max: percent ? 100 : undefined,
            ticks: { precision: 0, callback: function (v) { return v + unit; } }
          }
        }
      }
    });
  }
  function start() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
