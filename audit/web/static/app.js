// The page's only script (served from this server: the CSP forbids inline scripts). Every text
// from a table is put into the page with textContent, never as HTML.
"use strict";
(function () {
  const body = document.body;
  const labels = JSON.parse(body.dataset.labels);
  const lang = body.dataset.lang;
  const text = (key, params) => (labels.text["web_js_" + key] || key).replace(/\{(\w+)\}/g, (_, name) => params[name]);
  const form = document.getElementById("upload");
  const input = document.getElementById("file");
  const drop = document.getElementById("drop");
  const status = document.getElementById("status");
  let last = null; // {file, report, score}

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
    return node;
  }

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? "error" : "";
  }

  async function post(url, file) {
    const data = new FormData();
    data.append("file", file);
    data.append("lang", lang);
    return fetch(url + "?lang=" + lang, {method: "POST", body: data});
  }

  async function check(file) {
    if (!file) return;
    say(text("checking", {}), false);
    document.getElementById("result").hidden = true;
    let response;
    try {
      response = await post("/api/check", file);
    } catch (err) {
      say(text("failed", {}) + ": " + err, true);
      return;
    }
    const answer = await response.json().catch(() => ({error: response.statusText}));
    if (!response.ok) {
      say(text("failed", {}) + ": " + (answer.error || response.status), true);
      return;
    }
    last = {file, report: answer, score: response.headers.get("x-jxaudit-score")};
    say("", false);
    show();
  }

  function show() {
    const {report, score} = last;
    const summary = document.getElementById("summary");
    const counts = report.summary;
    summary.replaceChildren(
      el("span", {class: "count error"}, labels.severity.error + " " + counts.error),
      el("span", {class: "count warning"}, labels.severity.warning + " " + counts.warning),
      el("span", {class: "count info"}, labels.severity.info + " " + counts.info),
      el("span", {class: "count score"}, text("score", {}) + " " + score));
    const downloads = document.getElementById("downloads");
    const xlsx = el("button", {type: "button", id: "download-xlsx"}, text("download_xlsx", {}));
    const json = el("button", {type: "button", id: "download-json"}, text("download_json", {}));
    xlsx.addEventListener("click", downloadWorkbook);
    json.addEventListener("click", () => save(new Blob([JSON.stringify(report, null, 2)], {type: "application/json"}),
                                              stem(last.file.name) + ".jxaudit.json"));
    downloads.replaceChildren(xlsx, json);
    const filters = document.getElementById("filters");
    const severity = select("severity", Object.entries(labels.severity));
    const categories = [...new Set(report.findings.map(f => f.category))].sort();
    const category = select("category", categories.map(c => [c, labels.category[c] || c]));
    filters.replaceChildren(el("label", {}, text("severity", {}) + " ", severity),
                            el("label", {}, " " + text("category", {}) + " ", category),
                            el("span", {id: "shown"}));
    const render = () => list(report.findings.filter(f => (!severity.value || f.severity === severity.value) &&
                                                          (!category.value || f.category === category.value)));
    severity.addEventListener("change", render);
    category.addEventListener("change", render);
    render();
    document.getElementById("result").hidden = false;
  }

  function select(name, options) {
    const node = el("select", {id: "filter-" + name}, el("option", {value: ""}, text("all", {})));
    for (const [value, label] of options) node.append(el("option", {value}, label));
    return node;
  }

  function list(findings) {
    const target = document.getElementById("findings");
    const total = pairedOnce(last.report.findings).length;
    document.getElementById("shown").textContent = " " + text("shown", {shown: pairedOnce(findings).length, total});
    if (!last.report.findings.length) {
      target.replaceChildren(el("p", {}, text("clean", {})));
      return;
    }
    const groups = new Map();
    for (const finding of pairedOnce(findings)) {
      const key = finding.project || text("document", {});
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(finding);
    }
    const nodes = [];
    for (const [project, items] of groups) {
      nodes.push(el("h2", {}, project + " (" + items.length + ")"));
      for (const f of items) nodes.push(finding(f));
    }
    target.replaceChildren(...nodes);
  }

  // The two records of one defect (the same value in 实施周期指标值 and 年度指标值 share `group`)
  // become one item with both records as `twins`, in the place of the first; others stay alone.
  function pairedOnce(findings) {
    const items = [], byGroup = new Map();
    for (const f of findings) {
      const pairable = f.group && (f.field === "period" || f.field === "annual");
      const first = pairable ? byGroup.get(f.group) : undefined;
      if (first && first.severity === f.severity) { first.twins.push(f); continue; }
      const item = Object.assign({}, f, {twins: [f]});
      if (pairable) byGroup.set(f.group, item);
      items.push(item);
    }
    return items;
  }

  function bothFields(message) {
    // the period record's message, naming both fields (as the command line's text report does)
    const single = labels.field.period, both = labels.pair.fields;
    if (message.includes(single)) return message.replace(single, both);
    return labels.pair.suffix.replace("{message}", message).replace("{fields}", both);
  }

  function finding(f) {
    const paired = f.twins.length > 1;
    const where = [];
    if (f.line) where.push(text("line", {}) + " " + f.line);
    if (f.cell && !paired) where.push(f.cell);
    if (f.page) where.push("p." + f.page);
    if (f.indicator) where.push(text("indicator", {}) + " " + f.indicator + (f.indicator_name ? " " + f.indicator_name : ""));
    const message = paired ? bothFields(f.message) : f.message;
    const node = el("div", {class: "finding " + f.severity, "data-fields": f.twins.map(twin => twin.field || "").join("+")},
      el("div", {}, el("span", {class: "sev " + f.severity}, labels.severity[f.severity]), f.rule + " " + message),
      el("div", {class: "where"}, where.join(" · ")));
    if (paired) {  // each cell of the pair, marked
      const cells = el("div", {class: "cells"});
      for (const twin of f.twins) {
        cells.append(el("span", {class: "field"}, labels.field[twin.field] + (twin.cell ? " " + twin.cell : "") + " "),
                     el("mark", {}, twin.value), " ");
      }
      node.append(cells);
    } else if (f.value) {
      node.append(el("div", {}, el("mark", {}, f.value)));
    }
    node.append(el("div", {class: "suggestion"}, text("suggestion", {}) + ": " + f.suggestion));
    return node;
  }

  async function downloadWorkbook() {
    const response = await post("/api/feedback", last.file);
    if (!response.ok) {
      const answer = await response.json().catch(() => ({error: response.statusText}));
      say(text("failed", {}) + ": " + answer.error, true);
      return;
    }
    save(await response.blob(), stem(last.file.name) + ".feedback.xlsx");
  }

  function stem(name) {
    return name.replace(/\.[^.]*$/, "") || "upload";
  }

  function save(blob, name) {
    const link = el("a", {href: URL.createObjectURL(blob), download: name});
    document.body.append(link);
    link.click();
    link.remove();
  }

  form.addEventListener("submit", event => { event.preventDefault(); check(input.files[0]); });
  input.addEventListener("change", () => check(input.files[0]));
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, event => { event.preventDefault(); drop.classList.add("over"); });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", event => { event.preventDefault(); check(event.dataTransfer.files[0]); });
})();
