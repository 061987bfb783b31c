// Progressive enhancement: filter the evidence register by criterion, party favoured and kind.
// Without this script every item stays visible; the Content-Security-Policy pins this exact text by its hash.
(function () {
  "use strict";
  var form = document.getElementById("register-filter");
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("article.evidence"));
  function apply() {
    var criterion = form.elements.criterion.value;
    var party = form.elements.party.value;
    var kind = form.elements.kind.value;
    var shown = 0;
    items.forEach(function (item) {
      var criteria = (item.getAttribute("data-criteria") || "").split(" ");
      var match = (!criterion || criteria.indexOf(criterion) !== -1) &&
        (!party || item.getAttribute("data-party") === party) &&
        (!kind || item.getAttribute("data-kind") === kind);
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    form.elements.count.value = "Showing " + shown + " of " + items.length + " items";
  }
  // A link to a hidden item (from a criterion or the summary) clears the filter so the target is visible.
  window.addEventListener("hashchange", function () {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.hidden) { form.reset(); apply(); target.scrollIntoView(); }
  });
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-filter", "ready");
}());
