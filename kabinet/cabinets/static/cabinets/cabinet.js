/* Kabinet cabinets: progressive enhancement only.
   Countdown: counts down from the due time the server rendered (no SLA logic here; the
   server decides what is due). Dropzone: drag files onto the form (or paste a screenshot
   where the input takes several); a file
   above the attachment limit can be sent through the ticket's upload place instead.
   Dossier: item 6 (performance data) is hidden until "performance issue" is ticked; the
   server still decides what is required, and an item with an error is never hidden. */
(function () {
  "use strict";
  function text(ms, units) {
    var s = Math.floor(Math.abs(ms) / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60), parts = [];
    if (d) parts.push(d + " " + units[0]);
    if (h) parts.push(h + " " + units[1]);
    if (m || !parts.length) parts.push(m + " " + units[2]);
    return parts.join(" ");
  }
  function tick() {
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var left = Date.parse(el.dataset.due) - Date.now(), out = el.querySelector(".left");
      var units = (el.dataset.units || "d,h,min").split(",");
      if (!out) return;
      out.textContent = left < 0 ? el.dataset.overdue + " " + text(left, units) : text(left, units);
      el.classList.toggle("over", left < 0);
      el.classList.toggle("soon", left >= 0 && left < 3600 * 1000);
    });
  }
  function dropzones() {
    document.querySelectorAll("form.dropzone").forEach(function (form) {
      var input = form.querySelector("input[type=file]"), limit = Number(form.dataset.limit),
          hint = form.querySelector(".too-large"), label = form.querySelector(".drop");
      if (!input) return;
      function check() {
        var files = Array.prototype.slice.call(input.files || []);
        if (label && files.length) label.textContent = files.map(function (f) { return f.name; }).join(", ");
        if (hint) hint.hidden = !files.some(function (f) { return limit && f.size > limit; });
      }
      function add(list) {  // a multiple input keeps what it had and takes the new files too
        if (!input.multiple) { input.files = list; check(); return; }
        var all = new DataTransfer();
        Array.prototype.forEach.call(input.files || [], function (f) { all.items.add(f); });
        Array.prototype.forEach.call(list, function (f) { all.items.add(f); });
        input.files = all.files; check();
      }
      if (input.multiple) form.addEventListener("paste", function (e) {
        var list = e.clipboardData && e.clipboardData.files;
        if (list && list.length) { e.preventDefault(); add(list); }
      });
      ["dragenter", "dragover"].forEach(function (n) {
        form.addEventListener(n, function (e) { e.preventDefault(); form.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (n) {
        form.addEventListener(n, function () { form.classList.remove("over"); });
      });
      form.addEventListener("drop", function (e) {
        e.preventDefault();
        if (e.dataTransfer && e.dataTransfer.files.length) add(e.dataTransfer.files);
      });
      input.addEventListener("change", check);
      var send = form.querySelector(".to-upload-place");
      if (send) send.addEventListener("click", function () {
        var place = document.querySelector("form.upload-place-form"),
            target = place && place.querySelector("input[type=file]");
        if (!target || !input.files || !input.files.length) return;
        target.files = input.files;
        place.submit();
      });
    });
  }
  function dossiers() {
    document.querySelectorAll("form.dossier").forEach(function (form) {
      var box = form.querySelector("input[name=performance_issue]"),
          item = form.querySelector(".performance-item");
      if (!box || !item) return;
      function sync() { item.hidden = !box.checked && !item.querySelector(".error"); }
      box.addEventListener("change", sync);
      sync();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick(); setInterval(tick, 15000); dropzones(); dossiers();
  });
})();
