/* The questionnaire's form (assess/): builds the questions from the framework, reads the
 * answers back, and shows the scores, the checks and the file as they change.
 * The rules (scoring, checks, the file's layout) are in assess.js (window.cxmAssess).
 */
(function () {
  "use strict";

  var A = window.cxmAssess;
  var root = document.getElementById("cxm-assess");
  if (!A || !root) return;
  var DATA = A.data, FW = DATA.framework;
  var DRAFT_KEY = "cxm-assess-draft";
  var STATUSES = [["planned", "Planned"], ["in_progress", "In progress"], ["done", "Done"], ["dropped", "Dropped"]];
  var state = null;

  /* ---- small DOM helpers: text is always set as text, never as markup ---- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "value") node.value = v;
      else if (k === "checked" || k === "selected") node[k] = true;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function val(id) { var n = byId(id); return n ? n.value : ""; }
  function pid(area, practice) { return area.id + "-" + practice.id; }
  function options(choices, chosen) {
    return choices.map(function (c) {
      return el("option", { value: c[0], text: c[1], selected: String(chosen) === String(c[0]) });
    });
  }
  function levelChoices(none) {
    return [["", none]].concat(FW.levels.map(function (l) { return [String(l.level), l.level + " · " + l.name]; }));
  }
  function field(id, label, input, hint, extra) {
    var hintNode = hint ? el("span", { class: "cxm-hint", id: id + "-hint", text: hint }) : null;
    if (hintNode) input.setAttribute("aria-describedby", id + "-hint");
    return el("div", { class: "cxm-field" + (extra ? " " + extra : "") }, [el("label", { for: id, text: label }), hintNode, input]);
  }

  /* ---- state: what the form holds, as plain strings ---- */

  function teamBySlug(slug) {
    return DATA.teams.filter(function (t) { return t.slug === slug; })[0] || null;
  }
  /* A team's start (assess/<slug>.js), loaded when the team is chosen; null for a new team. */
  function startOf(slug) {
    return teamBySlug(slug) ? (window.CXM_ASSESS_TEAMS || {})[slug] || null : null;
  }
  function loadTeam(slug, then) {
    if (!teamBySlug(slug) || startOf(slug)) return then();
    var script = el("script", { src: DATA.files.teams + "/" + encodeURIComponent(slug) + ".js" });
    script.onload = then;
    script.onerror = function () {
      root.textContent = "";
      root.appendChild(el("p", { role: "alert", text: "The last assessment of this team could not be loaded (" +
        script.src + "). Reload the page, or start from the command line with cxm new." }));
    };
    document.head.appendChild(script);
  }
  function stateFrom(slug) {
    var team = teamBySlug(slug);
    var p = startOf(slug) || DATA.new_team;
    var s = {
      slug: team ? team.slug : "", team: team ? p.team : "", group: p.group || "",
      date: A.todayIso(), assessors: team ? p.assessors.join("\n") : "", summary: p.summary,
      targets: {}, practices: {}, metrics: {}, actions: [],
    };
    FW.areas.forEach(function (area) {
      s.targets[area.id] = p.targets[area.id] === undefined ? "" : String(p.targets[area.id]);
      area.practices.forEach(function (practice) {
        var e = (p.scores[area.id] || {})[practice.id] || {};
        s.practices[area.id + "." + practice.id] = {
          choice: e.not_applicable ? "na" : e.level === undefined || e.level === null ? "none" : String(e.level),
          reason: e.not_applicable || "", evidence: e.evidence || "", notes: "",
          target: e.target === null || e.target === undefined ? "" : String(e.target), ratings: {},
        };
      });
    });
    FW.metrics.forEach(function (m) { s.metrics[m.id] = { value: "", target: "", source: "" }; });
    s.actions = p.actions.map(function (x) {
      return { title: x.title, area: x.area, practice: x.practice || "", owner: x.owner || "",
               due: x.due || "", status: x.status, notes: "" };
    });
    return s;
  }
  function assessors(s) {
    return s.assessors.split("\n").map(function (n) { return n.trim(); }).filter(Boolean);
  }
  /* A number typed; a text that is not one stays text, for the checks to name. */
  function num(text) {
    var t = String(text).trim(), n = Number(t);
    return t === "" ? undefined : isFinite(n) ? n : t;
  }

  /* The assessment the answers make: the parsed file's shape. */
  function assessmentOf(s) {
    var a = { team: s.team.trim(), date: s.date, assessors: assessors(s) };
    if (s.group.trim()) a.group = s.group.trim();
    if (s.summary.trim()) a.summary = s.summary.replace(/\s+$/, "") + "\n";
    a.targets = {};
    a.scores = {};
    FW.areas.forEach(function (area) {
      if (s.targets[area.id] !== "") a.targets[area.id] = Number(s.targets[area.id]);
      var given = {};
      area.practices.forEach(function (practice) {
        var x = s.practices[area.id + "." + practice.id];
        if (x.choice === "na") {
          given[practice.id] = { not_applicable: x.reason.trim() };
          return;
        }
        var entry = {}, ratings = {};
        Object.keys(x.ratings).forEach(function (n) {
          if (x.ratings[n] !== "") ratings[n] = Number(x.ratings[n]);
        });
        if (x.choice !== "none") entry.level = Number(x.choice);
        if (Object.keys(ratings).length) entry.ratings = ratings;
        if (entry.level === undefined && !entry.ratings) return; // not assessed
        if (x.evidence.trim()) entry.evidence = x.evidence.trim();
        if (x.target !== "") entry.target = Number(x.target);
        if (x.notes.trim()) entry.notes = x.notes.trim();
        given[practice.id] = Object.keys(entry).length === 1 && entry.level !== undefined ? entry.level : entry;
      });
      if (Object.keys(given).length) a.scores[area.id] = given;
    });
    a.metrics = {};
    FW.metrics.forEach(function (m) {
      var x = s.metrics[m.id], value = num(x.value), target = num(x.target);
      if (value === undefined) return;
      if (target === undefined && !x.source.trim()) a.metrics[m.id] = value;
      else {
        a.metrics[m.id] = { value: value };
        if (target !== undefined) a.metrics[m.id].target = target;
        if (x.source.trim()) a.metrics[m.id].source = x.source.trim();
      }
    });
    a.actions = s.actions.map(function (x) {
      var out = { title: x.title.trim(), area: x.area };
      if (x.practice) out.practice = x.practice;
      if (x.owner.trim()) out.owner = x.owner.trim();
      if (x.due) out.due = x.due;
      out.status = x.status;
      if (x.notes.trim()) out.notes = x.notes.trim();
      return out;
    });
    return a;
  }

  /* Read every answer back from the form. */
  function collect() {
    var s = { slug: val("cxm-team-select"), team: val("cxm-team"), group: val("cxm-group"),
              date: val("cxm-date"), assessors: val("cxm-assessors"), summary: val("cxm-summary"),
              targets: {}, practices: {}, metrics: {}, actions: [] };
    FW.areas.forEach(function (area) {
      s.targets[area.id] = val("cxm-target-" + area.id);
      area.practices.forEach(function (practice) {
        var id = pid(area, practice);
        var chosen = root.querySelector('input[name="cxm-lvl-' + id + '"]:checked');
        var ratings = {};
        root.querySelectorAll("#cxm-ratings-" + id + " select").forEach(function (sel) {
          ratings[sel.getAttribute("data-rater")] = sel.value;
        });
        s.practices[area.id + "." + practice.id] = {
          choice: chosen ? chosen.value : "none", reason: val("cxm-na-" + id),
          evidence: val("cxm-ev-" + id), notes: val("cxm-notes-" + id),
          target: val("cxm-pt-" + id), ratings: ratings,
        };
      });
    });
    FW.metrics.forEach(function (m) {
      s.metrics[m.id] = { value: val("cxm-m-" + m.id + "-value"), target: val("cxm-m-" + m.id + "-target"),
                          source: val("cxm-m-" + m.id + "-source") };
    });
    root.querySelectorAll(".cxm-action").forEach(function (node, i) {
      var f = function (k) { return val("cxm-action-" + i + "-" + k); };
      s.actions.push({ title: f("title"), area: f("area"), practice: f("practice"), owner: f("owner"),
                       due: f("due"), status: f("status"), notes: f("notes") });
    });
    return s;
  }

  /* ---- building the form ---- */

  function header(s) {
    var teams = [["", "A new team"]].concat(DATA.teams.map(function (t) {
      return [t.slug, t.name + " (last assessed " + t.date + ")"];
    }));
    return el("fieldset", { class: "cxm-assess-about" }, [
      el("legend", { text: "The assessment" }),
      field("cxm-team-select", "Team", el("select", { id: "cxm-team-select" }, options(teams, s.slug)),
        "A team of the site starts from its latest assessment, as cxm new does."),
      field("cxm-team", "Team name", el("input", { id: "cxm-team", type: "text", value: s.team, maxlength: "100", autocomplete: "off", required: true })),
      field("cxm-group", "Group (department or business unit, optional)", el("input", { id: "cxm-group", type: "text", value: s.group })),
      field("cxm-date", "Date of the assessment", el("input", { id: "cxm-date", type: "date", value: s.date, required: true })),
      field("cxm-assessors", "Assessors", el("textarea", { id: "cxm-assessors", rows: "3", value: s.assessors, required: true }),
        "One name per line: the people who assessed."),
      field("cxm-summary", "Summary (optional, Markdown)", el("textarea", { id: "cxm-summary", rows: "3", value: s.summary, placeholder: "What changed since the last assessment." })),
    ]);
  }

  function ratingsBlock(area, practice, x, names) {
    var id = pid(area, practice);
    var raters = names.slice();
    Object.keys(x.ratings).forEach(function (n) { if (raters.indexOf(n) < 0 && x.ratings[n] !== "") raters.push(n); });
    var box = el("div", { class: "cxm-ratings", id: "cxm-ratings-" + id });
    if (!raters.length) box.appendChild(el("p", { class: "cxm-hint", text: "List the assessors above to rate one by one." }));
    raters.forEach(function (name, i) {
      var sid = "cxm-r-" + id + "-" + i;
      var sel = el("select", { id: sid, "data-rater": name }, options(levelChoices("No rating"), x.ratings[name] || ""));
      box.appendChild(field(sid, "Rating of " + name + (names.indexOf(name) < 0 ? " (not an assessor)" : ""), sel));
    });
    return box;
  }

  function practiceBlock(area, practice, s) {
    var id = pid(area, practice), x = s.practices[area.id + "." + practice.id];
    var name = "cxm-lvl-" + id;
    var choices = FW.levels.map(function (l) {
      var rid = name + "-" + l.level;
      return el("div", { class: "cxm-choice" }, [
        el("input", { type: "radio", name: name, id: rid, value: String(l.level), checked: x.choice === String(l.level) }),
        el("label", { for: rid }, [el("strong", { text: l.level + " · " + l.name }), " ", practice.levels[String(l.level)] || ""]),
      ]);
    });
    choices.push(el("div", { class: "cxm-choice" }, [
      el("input", { type: "radio", name: name, id: name + "-none", value: "none", checked: x.choice === "none" }),
      el("label", { for: name + "-none", text: "Not assessed (with ratings below: their median)" }),
    ]));
    choices.push(el("div", { class: "cxm-choice" }, [
      el("input", { type: "radio", name: name, id: name + "-na", value: "na", checked: x.choice === "na" }),
      el("label", { for: name + "-na", text: "Not applicable to this team, because …" }),
    ]));
    var names = assessors(s);
    return el("fieldset", { class: "cxm-q", id: "cxm-p-" + id }, [
      el("legend", { text: practice.name }),
      practice.question ? el("p", { class: "cxm-q-question", text: practice.question }) : null,
      el("p", { class: "cxm-q-ask", text: "Which of these is true today?" }),
      el("div", { class: "cxm-choices" }, choices),
      field("cxm-na-" + id, "Why it does not apply (for “not applicable”)",
        el("input", { id: "cxm-na-" + id, type: "text", value: x.reason }), null, "cxm-na-field"),
      field("cxm-ev-" + id, "Evidence", el("textarea", { id: "cxm-ev-" + id, rows: "2", value: x.evidence }),
        FW.evidence_required_from === null ? null : "What shows the level: a document, a number, a tool. Needed from level " + FW.evidence_required_from + "."),
      el("details", { class: "cxm-more" }, [
        el("summary", { text: "Target, notes, ratings of several assessors" }),
        field("cxm-pt-" + id, "Target of this practice", el("select", { id: "cxm-pt-" + id }, options(levelChoices("The area's target"), x.target))),
        field("cxm-notes-" + id, "Notes", el("textarea", { id: "cxm-notes-" + id, rows: "2", value: x.notes })),
        ratingsBlock(area, practice, x, names),
      ]),
      el("ul", { class: "cxm-q-problems", id: "cxm-problems-" + id }),
    ]);
  }

  function areaBlock(area, s) {
    var def = "The default (" + FW.default_target + " · " + A.levelSpec(FW.default_target).name + ")";
    return el("section", { class: "cxm-assess-area", "aria-labelledby": "cxm-area-" + area.id }, [
      el("h2", { id: "cxm-area-" + area.id, text: area.name }),
      area.description ? el("p", { text: area.description }) : null,
      field("cxm-target-" + area.id, "Target level of " + area.name,
        el("select", { id: "cxm-target-" + area.id }, options(levelChoices(def), s.targets[area.id]))),
    ].concat(area.practices.map(function (p) { return practiceBlock(area, p, s); })));
  }

  function metricsBlock(s, last) {
    if (!FW.metrics.length) return null;
    return el("section", { "aria-labelledby": "cxm-metrics" }, [
      el("h2", { id: "cxm-metrics", text: "Outcome metrics" }),
      el("p", { text: "Measure again: leave a metric empty when there is no new value." }),
    ].concat(FW.metrics.map(function (m) {
      var x = s.metrics[m.id], base = "cxm-m-" + m.id;
      var range = (m.min === null ? "" : "from " + m.min) + (m.max === null ? "" : " to " + m.max) + (m.unit ? " " + m.unit : "");
      var hint = (last[m.id] === undefined ? "" : "Last time: " + last[m.id] + ". ") + (range.trim() ? "Range " + range.trim() + "." : "");
      return el("fieldset", { class: "cxm-metric" }, [
        el("legend", { text: m.name }),
        field(base + "-value", "Value", el("input", { id: base + "-value", type: "text", inputmode: "decimal", value: x.value }), hint || null),
        field(base + "-target", "Target (optional)", el("input", { id: base + "-target", type: "text", inputmode: "decimal", value: x.target })),
        field(base + "-source", "Source (optional)", el("input", { id: base + "-source", type: "text", value: x.source })),
      ]);
    })));
  }

  function practiceChoices(areaId) {
    var area = FW.areas.filter(function (a) { return a.id === areaId; })[0];
    return [["", "The whole area"]].concat(area ? area.practices.map(function (p) { return [p.id, p.name]; }) : []);
  }

  function actionBlock(x, i) {
    var b = "cxm-action-" + i;
    return el("fieldset", { class: "cxm-action" }, [
      el("legend", { text: "Action " + (i + 1) + (x.title ? ": " + x.title : "") }),
      field(b + "-title", "Title", el("input", { id: b + "-title", type: "text", value: x.title, required: true })),
      field(b + "-area", "Area", el("select", { id: b + "-area", "data-action": i },
        options(FW.areas.map(function (a) { return [a.id, a.name]; }), x.area))),
      field(b + "-practice", "Practice", el("select", { id: b + "-practice" }, options(practiceChoices(x.area), x.practice))),
      field(b + "-owner", "Owner (optional)", el("input", { id: b + "-owner", type: "text", value: x.owner })),
      field(b + "-due", "Due (optional)", el("input", { id: b + "-due", type: "date", value: x.due })),
      field(b + "-status", "Status", el("select", { id: b + "-status" }, options(STATUSES, x.status))),
      field(b + "-notes", "Notes (optional)", el("input", { id: b + "-notes", type: "text", value: x.notes })),
      el("button", { type: "button", class: "md-button", "data-remove": i, text: "Remove action " + (i + 1) }),
    ]);
  }

  function actionsBlock(s) {
    var list = el("div", { id: "cxm-actions" }, s.actions.map(actionBlock));
    return el("section", { "aria-labelledby": "cxm-actions-title" }, [
      el("h2", { id: "cxm-actions-title", text: "Actions" }),
      el("p", { text: "What the team commits to. Mark an action done or dropped with its status; the next assessment carries over the open ones." }),
      list,
      el("button", { type: "button", class: "md-button", id: "cxm-add-action", text: "Add an action" }),
    ]);
  }

  function resultsBlock() {
    return el("section", { class: "cxm-assess-result", "aria-labelledby": "cxm-result-title" }, [
      el("h2", { id: "cxm-result-title", text: "Result so far" }),
      el("div", { id: "cxm-result", "aria-live": "polite" }),
    ]);
  }

  function outputBlock() {
    var propose = DATA.propose ? el("button", { type: "button", class: "md-button", id: "cxm-propose",
      text: "Propose in the repository (" + (DATA.propose.host === "github" ? "GitHub" : "GitLab") + ")" }) : null;
    return el("section", { class: "cxm-assess-output", "aria-labelledby": "cxm-file-title" }, [
      el("h2", { id: "cxm-file-title", text: "The file" }),
      el("ul", { id: "cxm-checks", class: "cxm-checks", "aria-live": "polite" }),
      el("div", { class: "cxm-buttons" }, [
        el("button", { type: "button", class: "md-button md-button--primary", id: "cxm-copy", text: "Copy" }),
        el("button", { type: "button", class: "md-button", id: "cxm-download", text: "Download" }),
        propose,
        el("button", { type: "button", class: "md-button", id: "cxm-reset", text: "Start again" }),
      ]),
      el("p", { id: "cxm-output-status", role: "status" }),
      el("label", { for: "cxm-yaml", text: "The assessment file (YAML)" }),
      el("textarea", { id: "cxm-yaml", readonly: true, rows: "16", spellcheck: "false" }),
    ]);
  }

  function contents() {
    var links = FW.areas.map(function (a) { return ["cxm-area-" + a.id, a.name]; });
    if (FW.metrics.length) links.push(["cxm-metrics", "Outcome metrics"]);
    links.push(["cxm-actions-title", "Actions"], ["cxm-file-title", "The file"]);
    return el("nav", { class: "cxm-assess-contents", "aria-label": "Parts of the questionnaire" }, [
      el("ul", {}, links.map(function (l) { return el("li", {}, [el("a", { href: "#" + l[0], text: l[1] })]); })),
    ]);
  }

  function build(s) {
    state = s;
    var last = (startOf(s.slug) || {}).last_metrics || {};
    root.textContent = "";
    root.appendChild(contents());
    root.appendChild(header(s));
    root.appendChild(resultsBlock());
    FW.areas.forEach(function (area) { root.appendChild(areaBlock(area, s)); });
    var metrics = metricsBlock(s, last);
    if (metrics) root.appendChild(metrics);
    root.appendChild(actionsBlock(s));
    root.appendChild(outputBlock());
    update();
    root.setAttribute("data-team", s.slug || "new"); // built: for a script that waits on it
  }

  /* ---- showing the result, the checks and the file ---- */

  function showResult(a) {
    var r = A.scoreExact(a), box = byId("cxm-result");
    box.textContent = "";
    var stage = r.stage ? r.stage.level + " · " + r.stage.name : "Not assessed";
    box.appendChild(el("p", { class: "cxm-result-head" }, [
      el("span", { class: "cxm-result-score", id: "cxm-overall", text: A.one(r.overall) }),
      el("span", { text: " / " + FW.scale[1] + " · stage " }),
      el("strong", { id: "cxm-stage", text: stage }),
    ]));
    var rows = r.areas.map(function (x) {
      var gap = x.score === null ? "–" : String(Math.max(0, x.target * 10 - A.tenths(x.score)) / 10);
      if (gap.indexOf(".") < 0 && gap !== "–") gap += ".0";
      var given = (a.scores || {})[x.area.id] || {};
      // An area whose practices are all not applicable is n/a, as on the scorecard.
      var na = x.area.practices.every(function (p) { return A.isNa(given[p.id]); });
      return el("tr", {}, [el("th", { scope: "row", text: x.area.name }), el("td", { text: na ? "n/a" : A.one(x.score) }),
                          el("td", { text: String(x.target) }), el("td", { text: gap })]);
    });
    box.appendChild(el("div", { class: "cxm-table-wrap" }, [el("table", { id: "cxm-area-scores" }, [
      el("caption", { text: "Area scores (one decimal, as the scorecard shows them)" }),
      el("thead", {}, [el("tr", {}, ["Area", "Score", "Target", "Gap"].map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, rows),
    ])]));
    var steps = r.steps.slice(0, 5);
    box.appendChild(el("h3", { text: "Top five next steps" }));
    if (!steps.length) box.appendChild(el("p", { text: "Every assessed practice is at or above its target." }));
    else box.appendChild(el("ol", { id: "cxm-steps" }, steps.map(function (st) {
      return el("li", {}, [st.text, " ", el("span", { class: "cxm-step-meta",
        text: st.area.name + " · " + st.practice.name + ": level " + st.level + " → target " + st.target })]);
    })));
  }

  function showChecks(problems) {
    var list = byId("cxm-checks");
    list.textContent = "";
    root.querySelectorAll(".cxm-q-problems").forEach(function (u) { u.textContent = ""; });
    problems.forEach(function (p) {
      var text = p.severity + ": " + p.message + " [" + p.code + "]";
      var item = el("li", { class: "cxm-check cxm-check-" + p.severity });
      if (p.field && byId(p.field)) item.appendChild(el("a", { href: "#" + p.field, text: text }));
      else item.textContent = text;
      list.appendChild(item);
      var inline = p.field && byId(p.field.replace("cxm-p-", "cxm-problems-"));
      if (inline && p.field.indexOf("cxm-p-") === 0)
        inline.appendChild(el("li", { class: "cxm-check cxm-check-" + p.severity, text: text }));
    });
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    if (!problems.length) list.appendChild(el("li", { class: "cxm-check", text: "No problems: cxm validate would accept this file." }));
    ["cxm-copy", "cxm-download", "cxm-propose"].forEach(function (id) { if (byId(id)) byId(id).disabled = errors > 0; });
    byId("cxm-output-status").textContent = errors ? "Fix the " + (errors === 1 ? "error" : errors + " errors") + " above first: cxm validate would refuse this file." : "";
  }

  function meta() {
    var team = teamBySlug(state.slug);
    return team ? { from: team.from, date: team.date, last_metrics: (startOf(team.slug) || {}).last_metrics } : null;
  }

  function update() {
    state = collect();
    var a = assessmentOf(state);
    showResult(a);
    showChecks(A.check(a));
    byId("cxm-yaml").value = A.toYaml(a, meta());
    try { sessionStorage.setItem(DRAFT_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  /* ---- the file out: copy, download, propose ---- */

  function slugOf(name) {
    var team = teamBySlug(state.slug);
    if (team && team.name === name.trim()) return team.slug;
    var slug = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
    return slug === "index" ? "index-team" : slug || "new-team";
  }
  function fileName() { return (state.date || "date") + ".yaml"; }
  function say(text) { byId("cxm-output-status").textContent = text; }

  function copy(message) {
    var text = byId("cxm-yaml").value;
    var done = function () {
      say(message || "Copied: paste it into " + DATA.files.assessments + "/" + slugOf(state.team) + "/" + fileName() + ".");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectCopy(done); });
    } else selectCopy(done);
  }
  function selectCopy(done) {
    var area = byId("cxm-yaml");
    area.focus();
    area.select();
    try { if (document.execCommand("copy")) { done(); return; } } catch (e) { /* unsupported */ }
    say("Select the text of the file below and copy it (Ctrl+C or Cmd+C).");
  }
  function download() {
    var blob = new Blob([byId("cxm-yaml").value], { type: "application/yaml" });
    var link = el("a", { href: URL.createObjectURL(blob), download: fileName() });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    say("Downloaded " + fileName() + ": put it in " + DATA.files.assessments + "/" + slugOf(state.team) + "/.");
  }
  function proposeUrl(text) {
    var p = DATA.propose, path = DATA.files.assessments + "/" + slugOf(state.team) + "/" + fileName();
    var params = p.host === "github" ? ["filename", "value"] : ["file_name", "content"];
    return p.url + "?" + params[0] + "=" + encodeURIComponent(path) + "&" + params[1] + "=" + encodeURIComponent(text);
  }
  function propose() {
    var url = proposeUrl(byId("cxm-yaml").value), note = "";
    if (url.length > DATA.propose.limit) { // the same values without the comments
      url = proposeUrl(A.toYaml(assessmentOf(state), meta(), true));
      note = " The file goes without its comments (the questions and the scale), to fit in a link.";
    }
    if (url.length > DATA.propose.limit) {
      copy("The file is too long to send in a link: it is copied instead. Paste it into a new file " +
           DATA.files.assessments + "/" + slugOf(state.team) + "/" + fileName() + " in the repository.");
      return;
    }
    window.open(url, "_blank", "noopener");
    say("Opened the repository's new-file page in a new tab: review the file there and propose it." + note);
  }

  /* ---- events ---- */

  function startFrom(slug) {
    try { sessionStorage.removeItem(DRAFT_KEY); } catch (e) { /* private mode */ }
    // The address names the team: a reload keeps this draft, a link opens the same team.
    history.replaceState(null, "", location.pathname + location.search + (slug ? "#team=" + encodeURIComponent(slug) : ""));
    root.removeAttribute("data-team");
    loadTeam(slug, function () { build(stateFrom(slug)); });
  }

  root.addEventListener("input", function () { update(); });
  root.addEventListener("change", function (event) {
    var t = event.target;
    if (t.id === "cxm-team-select") return startFrom(t.value);
    if (t.id === "cxm-assessors") {
      var s = collect();
      FW.areas.forEach(function (area) {
        area.practices.forEach(function (practice) {
          var old = byId("cxm-ratings-" + pid(area, practice));
          old.replaceWith(ratingsBlock(area, practice, s.practices[area.id + "." + practice.id], assessors(s)));
        });
      });
    }
    if (t.hasAttribute("data-action")) {
      var sel = byId("cxm-action-" + t.getAttribute("data-action") + "-practice");
      sel.replaceChildren.apply(sel, options(practiceChoices(t.value), ""));
    }
    update();
  });
  root.addEventListener("click", function (event) {
    var t = event.target, s;
    if (t.id === "cxm-add-action") {
      s = collect();
      s.actions.push({ title: "", area: FW.areas[0].id, practice: "", owner: "", due: "", status: "planned", notes: "" });
      byId("cxm-actions").appendChild(actionBlock(s.actions[s.actions.length - 1], s.actions.length - 1));
      byId("cxm-action-" + (s.actions.length - 1) + "-title").focus();
      update();
    } else if (t.hasAttribute("data-remove")) {
      s = collect();
      s.actions.splice(Number(t.getAttribute("data-remove")), 1);
      byId("cxm-actions").replaceChildren.apply(byId("cxm-actions"), s.actions.map(actionBlock));
      byId("cxm-add-action").focus();
      update();
    } else if (t.id === "cxm-copy") copy(null);
    else if (t.id === "cxm-download") download();
    else if (t.id === "cxm-propose") propose();
    else if (t.id === "cxm-reset") startFrom(state.slug);
  });

  function asked() {
    var m = /(?:^|[#&?])team=([^&]*)/.exec(location.hash) || /(?:^|[?&])team=([^&]*)/.exec(location.search);
    return m ? decodeURIComponent(m[1]) : null;
  }
  var wanted = asked(), draft = null;
  try { draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || "null"); } catch (e) { draft = null; }
  function fits(d) { // a draft of this framework (it may have changed since)
    return d && d.practices && d.targets && d.metrics && FW.areas.every(function (area) {
      return area.id in d.targets && area.practices.every(function (p) { return (area.id + "." + p.id) in d.practices; });
    }) && FW.metrics.every(function (m) { return m.id in d.metrics; });
  }
  if (fits(draft) && (wanted === null || draft.slug === wanted)) {
    loadTeam(draft.slug, function () { build(draft); });
  } else {
    var slug = wanted !== null && teamBySlug(wanted) ? wanted : "";
    loadTeam(slug, function () { build(stateFrom(slug)); });
  }
})();
