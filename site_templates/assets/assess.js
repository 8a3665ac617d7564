/* The questionnaire (assess/): walks a workshop through the framework and writes the
 * assessment file. Everything happens in this tab: nothing is sent anywhere, and the draft
 * is kept in sessionStorage only, so it is gone when the tab is closed.
 *
 * window.CXM_ASSESS (assess-data.js, written by cxm) holds the framework and each team's
 * start for its next assessment, the same values `cxm new` prefills.
 * Scoring follows FORMAT.md section 5 exactly (fractions, not floats); the checks say what
 * `cxm validate` says, with its codes; the file is laid out as `cxm new` writes it.
 */
(function () {
  "use strict";

  var DATA = window.CXM_ASSESS;
  var FW = DATA.framework;
  var LOW = FW.scale[0];
  var HIGH = FW.scale[1];
  var DRAFT_KEY = "cxm-assess-draft";
  var STATUSES = ["planned", "in_progress", "done", "dropped"];

  /* ---- exact numbers: fractions of BigInts, as Python's Fraction ---- */

  function gcd(a, b) {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b) {
      var t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
  function frac(n, d) {
    n = BigInt(n);
    d = BigInt(d === undefined ? 1 : d);
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    var g = gcd(n, d) || 1n;
    return { n: n / g, d: d / g };
  }
  function add(a, b) { return frac(a.n * b.d + b.n * a.d, a.d * b.d); }
  function mul(a, b) { return frac(a.n * b.n, a.d * b.d); }
  function div(a, b) { return frac(a.n * b.d, a.d * b.n); }
  function cmp(a, b) {
    var x = a.n * b.d, y = b.n * a.d;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function floorDiv(n, d) {
    var q = n / d;
    return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
  }
  function roundHalfEven(a) {
    var q = floorDiv(a.n, a.d), r2 = 2n * (a.n - q * a.d);
    if (r2 > a.d || (r2 === a.d && q % 2n !== 0n)) q += 1n;
    return q;
  }
  function weightedMean(pairs) {
    if (!pairs.length) return null;
    var num = frac(0), den = frac(0);
    pairs.forEach(function (p) {
      num = add(num, mul(p[0], p[1]));
      den = add(den, p[1]);
    });
    return den.n === 0n ? null : div(num, den);
  }
  /* The score in tenths as pages show it: half to even, never across its whole level. */
  function tenths(value) {
    if (value === null) return null;
    var shown = roundHalfEven(mul(value, frac(10)));
    var cap = floorDiv(value.n, value.d) * 10n + 9n;
    return Number(value.n >= 0n && shown > cap ? cap : shown);
  }
  function one(value) {
    var t = tenths(value);
    if (t === null) return "–";
    var sign = t < 0 ? "-" : "";
    t = Math.abs(t);
    return sign + Math.floor(t / 10) + "." + (t % 10);
  }

  /* ---- scoring (FORMAT.md section 5) ---- */

  function isNa(entry) {
    return entry !== null && typeof entry === "object" && "not_applicable" in entry;
  }
  function practiceLevel(entry) {
    if (entry === null || entry === undefined || isNa(entry)) return null;
    if (typeof entry === "number") return entry;
    if (entry.level !== undefined && entry.level !== null) return entry.level;
    var values = Object.keys(entry.ratings || {}).map(function (k) { return entry.ratings[k]; });
    if (!values.length) return null;
    values.sort(function (a, b) { return a - b; });
    var mid = Math.floor(values.length / 2);
    return values.length % 2 ? values[mid] : Math.floor((values[mid - 1] + values[mid]) / 2);
  }
  function stepsFrom(practice, level) {
    var steps = practice.next_steps[String(level)];
    if (steps && steps.length) return steps.slice();
    var following = practice.levels[String(level + 1)];
    var spec = levelSpec(level + 1);
    return following ? ["Reach " + (spec ? spec.name : String(level + 1)) + ": " + following] : [];
  }
  function levelSpec(level) {
    for (var i = 0; i < FW.levels.length; i++) if (FW.levels[i].level === level) return FW.levels[i];
    return null;
  }

  /* An assessment (the parsed file's shape) -> overall, stage, areas and ranked next steps. */
  function score(a) {
    var targets = a.targets || {}, scores = a.scores || {};
    var areas = [], steps = [];
    FW.areas.forEach(function (area) {
      var areaTarget = targets[area.id] !== undefined ? targets[area.id] : FW.default_target;
      var given = scores[area.id] || {}, pairs = [];
      var weight = frac(area.weight[0], area.weight[1]);
      area.practices.forEach(function (practice) {
        var entry = given[practice.id];
        var level = practiceLevel(entry);
        if (level === null) return;
        var own = entry && typeof entry === "object" ? entry.target : undefined;
        var target = own !== undefined && own !== null ? own : areaTarget;
        pairs.push([frac(level), frac(practice.weight[0], practice.weight[1])]);
        if (level < target) {
          var priority = mul(frac(target - level), weight);
          stepsFrom(practice, level).forEach(function (text) {
            steps.push({ area: area, practice: practice, level: level, target: target,
                         priority: priority, text: text });
          });
        }
      });
      var value = weightedMean(pairs);
      var gap = value === null ? null
        : (cmp(frac(areaTarget), value) > 0 ? add(frac(areaTarget), mul(value, frac(-1))) : frac(0));
      areas.push({ area: area, score: value, target: areaTarget, gap: gap, weight: weight });
    });
    var overall = weightedMean(areas.filter(function (r) { return r.score !== null; })
      .map(function (r) { return [r.score, r.weight]; }));
    steps.sort(function (x, y) { return cmp(y.priority, x.priority); }); // stable: framework order
    var stage = overall === null ? null : levelSpec(Number(floorDiv(overall.n, overall.d)));
    return { overall: overall, stage: stage, areas: areas, steps: steps };
  }

  /* The same, as plain data (fractions as [numerator, denominator] strings): for tests. */
  function scorePlain(a) {
    var r = score(a);
    function f(x) { return x === null ? null : [String(x.n), String(x.d)]; }
    return {
      overall: f(r.overall),
      stage: r.stage ? r.stage.level : null,
      areas: r.areas.map(function (x) { return [x.area.id, f(x.score), x.target, f(x.gap)]; }),
      steps: r.steps.map(function (s) {
        return [s.area.id, s.practice.id, s.level, s.target, f(s.priority), s.text];
      }),
    };
  }

  /* ---- checks, in the validator's words and codes ---- */

  function quote(text) { return "'" + text + "'"; }
  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function numText(value) {
    return String(value); // 100, 1.5: as the validator writes numbers
  }

  /* Problems of an assessment as {severity, code, message, field}; `field` is an element id. */
  function check(a, today) {
    var out = [];
    function problem(severity, code, message, field) {
      out.push({ severity: severity, code: code, message: message, field: field || null });
    }
    if (!a.team) problem("error", "missing-field", "missing required field 'team'", "cxm-team");
    else if (!a.team.trim()) problem("error", "invalid-value", "team must not be blank", "cxm-team");
    else if (Array.from(a.team).length > 100)
      problem("error", "invalid-value", "team: String should have at most 100 characters", "cxm-team");
    if (!a.date) problem("error", "missing-field", "missing required field 'date'", "cxm-date");
    else if (a.date > (today || todayIso()))
      problem("error", "invalid-value", "date " + a.date + " is in the future", "cxm-date");
    var assessors = a.assessors || [];
    if (!assessors.length)
      problem("error", "missing-field", "missing required field 'assessors'", "cxm-assessors");
    var scores = a.scores || {};
    FW.areas.forEach(function (area) {
      var given = scores[area.id];
      if (!given) {
        problem("warning", "incomplete", quote(area.id) + " not assessed", "cxm-area-" + area.id);
        return;
      }
      area.practices.forEach(function (practice) {
        var id = area.id + "." + practice.id, field = "cxm-p-" + area.id + "-" + practice.id;
        var entry = given[practice.id];
        if (entry === undefined) {
          problem("warning", "incomplete", quote(id) + " not assessed", field);
          return;
        }
        if (isNa(entry)) {
          if (!String(entry.not_applicable || "").trim())
            problem("error", "invalid-value", quote(id) + " is not applicable: say why (the reason is shown on the scorecard)", field);
          return;
        }
        var ratings = (typeof entry === "object" && entry.ratings) || {};
        var names = Object.keys(ratings);
        names.forEach(function (rater) {
          if (assessors.indexOf(rater) < 0)
            problem("error", "invalid-value", "rater " + quote(rater) + " is not listed in assessors", field);
        });
        if (names.length) {
          var values = names.map(function (n) { return ratings[n]; });
          var spread = Math.max.apply(null, values) - Math.min.apply(null, values);
          if (spread >= 2)
            problem("warning", "disagreement", "raters disagree on " + quote(id) + " by " + spread +
              " levels (" + names.map(function (n) { return n + ": " + ratings[n]; }).join(", ") + ")", field);
        }
        var level = practiceLevel(entry);
        var evidence = typeof entry === "object" ? String(entry.evidence || "").trim() : "";
        var from = FW.evidence_required_from;
        if (level !== null && from !== null && from !== undefined && level >= from && !evidence)
          problem("warning", "missing-evidence", quote(id) + " is at level " + level +
            " but has no evidence (required from level " + from + ")", field);
      });
    });
    var metrics = a.metrics || {};
    FW.metrics.forEach(function (m) {
      var entry = metrics[m.id];
      if (entry === undefined) return;
      var long = typeof entry === "object" ? entry : { value: entry };
      ["value", "target"].forEach(function (key) {
        var v = long[key], field = "cxm-m-" + m.id + "-" + key;
        if (v === undefined || v === null) return;
        if (typeof v !== "number" || !isFinite(v)) {
          var bounds = m.min !== null && m.max !== null ? " from " + numText(m.min) + " to " + numText(m.max)
            : m.min !== null ? " of at least " + numText(m.min)
            : m.max !== null ? " of at most " + numText(m.max) : "";
          problem("error", "invalid-value", key + " of " + quote(m.id) + " must be a number" + bounds +
            ", not the text " + quote(String(v)), field);
          return;
        }
        if ((m.min !== null && v < m.min) || (m.max !== null && v > m.max))
          problem("error", "out-of-range", m.id + " " + key + " " + numText(v) + " is outside " +
            (m.min === null ? "?" : numText(m.min)) + ".." + (m.max === null ? "?" : numText(m.max)), field);
      });
    });
    (a.actions || []).forEach(function (action, i) {
      if (!action.title)
        problem("error", "missing-field", "missing required field 'title' in actions[" + i + "]", "cxm-action-" + i + "-title");
    });
    return out;
  }

  /* ---- the file, laid out as `cxm new` writes it ---- */

  // What YAML reads as a line break or rejects (C1 controls, DEL, U+2028/9): escaped.
  var UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
  function q(text) {
    return JSON.stringify(text).replace(UNSAFE, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function comment(text) {
    var chars = Array.from(String(text).replace(/[\s\u0085\u001c-\u001f]+/g, " ").trim()
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ""));
    return chars.length <= 90 ? chars.join("") : chars.slice(0, 89).join("") + "…";
  }
  function number(value) {
    if (typeof value !== "number") return q(String(value)); // not a number: the checks say so
    var text = String(value);
    // YAML 1.1 reads 1e+21 as a string: a float needs its dot.
    return /e/.test(text) && !/\./.test(text) ? text.replace("e", ".0e") : text;
  }
  // A literal block where the text reads back the same; else a quoted string.
  function block(key, text, indent) {
    var lines = text.split("\n");
    var plain = !/^\s/.test(text) && lines.every(function (line) {
      return !/\s$/.test(line) && !/[\u0000-\u0008\u000b-\u001f\t\u0085]/.test(line) && !UNSAFE.test(line);
    });
    UNSAFE.lastIndex = 0;
    if (!plain) return [indent + key + ": " + q(text + "\n")];
    return [indent + key + ": |"].concat(lines.map(function (l) { return l ? indent + "  " + l : ""; }));
  }

  /* The file; `bare`: without the comments that help in an editor (the questions, the scale),
   * the same values in fewer characters (a link to the repository host must be short). */
  function toYaml(a, meta, bare) {
    var lines = [DATA.files.modeline];
    if (bare) { /* no comments */ } else if (meta && meta.from)
      lines.push("# Prefilled from " + meta.from + " (" + meta.date + "): review every level and evidence.");
    else lines.push("# A new team: every practice starts at the lowest level; set each one.");
    // A required field left empty is left out: cxm then says what the page says, missing-field.
    if (a.team) lines.push("team: " + q(a.team));
    if (a.group) lines.push("group: " + q(a.group));
    else if (!(meta && meta.from) && !bare) lines.push('# group: "Department or business unit"');
    if (a.date) lines.push("date: " + a.date);
    if ((a.assessors || []).length) lines.push("assessors: [" + a.assessors.map(q).join(", ") + "]");
    if (a.summary) lines.push.apply(lines, block("summary", a.summary.replace(/\n$/, ""), ""));
    var targets = Object.keys(a.targets || {});
    if (targets.length) {
      lines.push("targets:");
      targets.forEach(function (id) { lines.push("  " + id + ": " + a.targets[id]); });
    }
    var scale = FW.levels.map(function (l) { return l.level + " " + l.name; }).join(", ");
    lines.push(bare ? "scores:" : "scores:  # levels: " + scale);
    FW.areas.forEach(function (area) {
      var given = (a.scores || {})[area.id];
      if (!given) return;
      lines.push("  " + area.id + ":" + (bare ? "" : "  # " + comment(area.name)));
      area.practices.forEach(function (p) {
        var entry = given[p.id];
        if (entry === undefined) return;
        var question = p.question && !bare ? "  # " + comment(p.question) : "";
        if (typeof entry === "number") {
          lines.push("    " + p.id + ": " + entry + question);
          return;
        }
        lines.push("    " + p.id + ":" + question);
        if (isNa(entry)) {
          lines.push("      not_applicable: " + q(entry.not_applicable));
          return;
        }
        if (entry.level !== undefined) lines.push("      level: " + entry.level);
        if (entry.ratings) {
          lines.push("      ratings: {" + Object.keys(entry.ratings).map(function (n) {
            return q(n) + ": " + entry.ratings[n];
          }).join(", ") + "}");
        }
        if (entry.evidence) lines.push("      evidence: " + q(entry.evidence));
        if (entry.target !== undefined) lines.push("      target: " + entry.target);
        if (entry.notes) lines.push("      notes: " + q(entry.notes));
      });
    });
    var metrics = Object.keys(a.metrics || {});
    if (metrics.length) {
      lines.push("metrics:");
      metrics.forEach(function (id) {
        var m = a.metrics[id];
        if (typeof m !== "object") {
          lines.push("  " + id + ": " + number(m));
          return;
        }
        var parts = ["value: " + number(m.value)];
        if (m.target !== undefined) parts.push("target: " + number(m.target));
        if (m.source) parts.push("source: " + q(m.source));
        lines.push("  " + id + ": {" + parts.join(", ") + "}");
      });
    } else if (FW.metrics.length && !bare) {
      lines.push("# metrics: measure again; last values shown");
      lines.push("# metrics:");
      var last = (meta && meta.last_metrics) || {};
      FW.metrics.forEach(function (m) {
        var value = last[m.id] === undefined ? "value" : number(last[m.id]);
        lines.push("#   " + m.id + ": " + value + "  # " + comment(m.name) + (m.unit ? " " + comment(m.unit) : ""));
      });
    }
    if ((a.actions || []).length) {
      lines.push("actions:");
      a.actions.forEach(function (x) {
        lines.push("  - title: " + q(x.title || ""));
        lines.push("    area: " + x.area);
        if (x.practice) lines.push("    practice: " + x.practice);
        if (x.owner) lines.push("    owner: " + q(x.owner));
        if (x.due) lines.push("    due: " + x.due);
        lines.push("    status: " + x.status);
        if (x.notes) lines.push("    notes: " + q(x.notes));
      });
    }
    return lines.join("\n") + "\n";
  }

  window.cxmAssess = {
    score: scorePlain, scoreExact: score, check: check, toYaml: toYaml, one: one,
    tenths: tenths, todayIso: todayIso, levelSpec: levelSpec, practiceLevel: practiceLevel, isNa: isNa,
    data: DATA,
  };
})();
