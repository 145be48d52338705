// Draws the matrix from the JSON in <script id="data">. Text from records only ever reaches the
// page through textContent, text nodes and properties: never innerHTML.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const form = document.getElementById("filters");
  const main = document.getElementById("tables");
  const panel = document.getElementById("details");
  const CELLS = new WeakMap(); // <td> -> {table, row, group}: what a click shows

  function el(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...children); // strings become text nodes
    return node;
  }

  function unique(values) {
    return [...new Set(values)];
  }

  const FILTERS = [
    ["mode", "Mode", unique(DATA.tables.map((t) => t.mode))],
    ["keras", "Keras", unique(DATA.envs.map((e) => e.keras))],
    ["variant", "Variant", Object.keys(DATA.variants).filter((v) =>
      DATA.tables.some((t) => t.rows.some((r) => r.variant === v)))],
    ["experiment", "Experiment", DATA.experiments],
  ];

  function buildFilters() {
    for (const [name, title, values] of FILTERS) {
      const set = el("fieldset", { className: "filter" }, el("legend", { textContent: title }));
      for (const value of values) {
        const box = el("input", { type: "checkbox", name: name, value: value, checked: true });
        set.append(el("label", { title: DATA.variants[value] || "" }, box, " " + value));
      }
      form.append(set);
    }
    const view = el("fieldset", { className: "filter" }, el("legend", { textContent: "Releases" }));
    for (const [value, text] of [["collapsed", "collapsed"], ["every", "every release"]]) {
      const radio = el("input", { type: "radio", name: "view", value: value, checked: value === "collapsed" });
      view.append(el("label", {}, radio, " " + text));
    }
    form.append(view);
    form.addEventListener("change", draw);
  }

  function chosen(name) {
    return new Set([...form.querySelectorAll("input[name='" + name + "']:checked")].map((i) => i.value));
  }

  function signature(cell) {
    return cell ? cell.text + "\u0000" + cell.error : "";
  }

  // Adjacent releases of one Keras flavour merge when every shown row has the same cell in both.
  function groups(rows, columns, collapsed) {
    const out = [];
    for (const i of columns) {
      const last = out[out.length - 1];
      const same = collapsed && last && DATA.envs[last[0]].keras === DATA.envs[i].keras &&
        rows.every((r) => signature(r.cells[last[0]]) === signature(r.cells[i]));
      if (same) last.push(i); else out.push([i]);
    }
    return out;
  }

  function columnHead(group) {
    const first = DATA.envs[group[0]];
    const last = DATA.envs[group[group.length - 1]];
    const label = group.length > 1 ? first.minor + "–" + last.minor : first.minor;
    const th = el("th", { className: "env", title: group.map((i) => DATA.envs[i].id).join(", ") }, label);
    if (first.keras !== "tf.keras") th.append(el("br"), el("span", { className: "flavour" }, first.keras));
    return th;
  }

  function rowHead(row) {
    return [
      el("th", { className: "label l0", title: DATA.variants[row.variant] || "" }, row.variant),
      el("th", { className: "label l1" }, row.experiment + " · " + row.input),
      el("th", { className: "label l2" }, row.data),
    ];
  }

  // about: the question of a section of its own, as HTML from the experiment's declaration.
  function drawTable(table, rows, columns, about) {
    const head = el("tr", {}, ...["variant", "experiment · model input", "data"].map((text, n) =>
      el("th", { className: "label l" + n }, text)), ...columns.map(columnHead));
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr", {}, ...rowHead(row));
      for (const group of columns) {
        const cell = row.cells[group[0]];
        if (!cell) { tr.append(el("td")); continue; }
        const td = el("td", { className: "cell o-" + cell.outcome, tabIndex: 0 }, cell.text);
        td.dataset.cell = cell.cell;
        td.dataset.envs = group.map((i) => DATA.envs[i].id).join(" ");
        CELLS.set(td, { table: table, row: row, group: group });
        tr.append(td);
      }
      body.append(tr);
    }
    const matrix = el("table", { className: "matrix" }, el("thead", {}, head), body);
    const section = el("section", { className: "mode", id: table.id || "mode-" + table.mode },
      el("h2", {}, table.title));
    if (about) section.append(el("div", { className: "about", innerHTML: about }));
    section.append(el("div", { className: "scroll" }, matrix));
    return section;
  }

  // The row-label columns stick side by side: each one's left edge is the width of those before it.
  function stick(section) {
    let left = 0;
    section.querySelectorAll("thead th.label").forEach((th, n) => {
      section.style.setProperty("--l" + n, left + "px");
      left += th.getBoundingClientRect().width;
    });
  }

  function draw() {
    const modes = chosen("mode"), flavours = chosen("keras");
    const variants = chosen("variant"), experiments = chosen("experiment");
    const collapsed = chosen("view").has("collapsed");
    const columns = DATA.envs.map((_, i) => i).filter((i) => flavours.has(DATA.envs[i].keras));
    main.replaceChildren();
    const told = new Set();
    for (const table of DATA.tables) {
      const rows = table.rows.filter((r) => variants.has(r.variant) && experiments.has(r.experiment));
      if (!modes.has(table.mode) || !rows.length || !columns.length) continue;
      const first = table.section && !told.has(table.section);
      if (first) told.add(table.section);
      const about = first ? (DATA.sections || {})[table.section] : "";
      const section = drawTable(table, rows, groups(rows, columns, collapsed), about);
      main.append(section);
      stick(section);
    }
    if (!main.children.length) main.append(el("p", {}, "No cell matches the filters."));
  }

  function show(value) {
    return value === null || value === undefined ? "–" : String(value);
  }

  function evidence(env, cell) {
    const dl = el("dl");
    const add = (name, ...value) => dl.append(el("dt", {}, name), el("dd", {}, ...value));
    const [tf, pkg, keras, numpy, python] = DATA.observed[cell.observed];
    add("cell", cell.cell);
    add("requested", "tensorflow " + env.tensorflow + ", Python " + env.python + ", " + env.keras);
    add("observed", tf ? "tensorflow " + tf + ", " + pkg + " " + keras + ", numpy " + numpy +
      ", Python " + python : "not imported");
    add("outcome", cell.text + " (" + cell.outcome + ")");
    add("runs", show(cell.runs) + " (values seen: " + cell.seen + ")");
    add("bn_updates", show(cell.bn_updates));
    add("moving_variance", show(cell.moving_variance));
    ["update_ops", "model_updates", "wired_updates"].forEach((name, n) => add(name, show(cell.ops[n])));
    for (const [name, found] of Object.entries(cell.probes)) add(name, JSON.stringify(found));
    add("error", DATA.errors[cell.error] || "none");
    add("reproduce", el("code", { className: "command" }, cell.command));
    return el("section", { className: "evidence backend-" + cell.backend },
      el("h3", {}, env.id + " (" + cell.backend + ")"), dl);
  }

  function open(td) {
    const { table, row, group } = CELLS.get(td);
    main.querySelectorAll("td.selected").forEach((other) => other.classList.remove("selected"));
    td.classList.add("selected");
    const close = el("button", { type: "button", className: "close", title: "close" }, "×");
    close.addEventListener("click", () => { panel.hidden = true; });
    panel.replaceChildren(close, el("h2", {},
      table.mode + " · " + row.variant + " · experiment " + row.experiment + " · " + row.data));
    for (const i of group) {
      const cell = row.cells[i];
      if (!cell) continue;
      panel.append(evidence(DATA.envs[i], cell));
      for (const other of cell.others) panel.append(evidence(DATA.envs[i], other));
    }
    panel.hidden = false;
  }

  main.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (td) open(td);
  });
  main.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("td.cell")) open(event.target);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") panel.hidden = true;
  });
  buildFilters();
  draw();
})();
