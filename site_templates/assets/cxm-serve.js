// `cxm serve` only: while the assessments have errors, a banner at the top of every page lists
// them (the page below is the last valid version). The list comes from problems.json, which
// every rebuild writes; the page reloads after each rebuild.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var url = new URL("../cxm-serve/problems.json", script.src);
  fetch(url, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (problems) {
      if (!problems.length) return;
      var box = document.createElement("div");
      box.className = "admonition failure cxm-serve-problems";
      box.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.className = "admonition-title";
      title.textContent =
        "Not rebuilt: the assessments have errors. Below is the last valid version of the page.";
      box.appendChild(title);
      var list = document.createElement("ul");
      problems.forEach(function (text) {
        var item = document.createElement("li");
        var code = document.createElement("code");
        code.textContent = text;
        item.appendChild(code);
        list.appendChild(item);
      });
      box.appendChild(list);
      var place = document.querySelector("article") || document.body;
      place.insertBefore(box, place.firstChild);
    })
    .catch(function () {});
})();
