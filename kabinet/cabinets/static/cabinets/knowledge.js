/* Kabinet knowledge base: while someone describes a problem (a new ticket's subject and
   description, an escalation dossier), ask the server which articles they may read match the
   words typed so far and show them, each with "did this solve it?". Progressive enhancement:
   without script the form works as before. The snippet is HTML the server escaped and marked. */
(function () {
  "use strict";
  function setup(box) {
    var sources = box.dataset.sources.split(",").map(function (s) { return document.querySelector(s); })
                     .filter(Boolean),
        list = box.querySelector("ul"), template = box.querySelector("template"),
        form = box.closest("form"), timer = null, last = "";
    if (!sources.length || !template) return;
    function token() {
      var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    function answer(id, solved, item) {
      var body = new URLSearchParams({ solved: solved, place: box.dataset.place });
      fetch(box.dataset.suggest.replace(/suggestions\/$/, id + "/feedback/"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": token() }
      }).then(function () {
        item.querySelector(".ask").hidden = true;
        item.querySelector(".thanks").hidden = false;
      });
    }
    function show(articles) {
      list.textContent = "";
      articles.forEach(function (a) {
        var item = template.content.firstElementChild.cloneNode(true), link = item.querySelector("a");
        link.href = a.url;
        link.textContent = a.title;
        item.querySelector(".snippet").innerHTML = a.snippet;
        item.querySelectorAll("button[data-solved]").forEach(function (b) {
          b.addEventListener("click", function () { answer(a.id, b.dataset.solved, item); });
        });
        list.appendChild(item);
      });
      box.hidden = !articles.length;
    }
    function ask() {
      var text = sources.map(function (s) { return s.value; }).join(" ").slice(0, 200).trim();
      if (text === last) return;
      last = text;
      if (text.length < 3) { show([]); return; }
      fetch(box.dataset.suggest + "?" + new URLSearchParams({ text: text }), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { articles: [] }; })
        .then(function (data) { show(data.articles); });
    }
    sources.forEach(function (s) {
      s.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 300); });
    });
    ask();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("aside.suggestions[data-suggest]").forEach(setup);
  });
})();
