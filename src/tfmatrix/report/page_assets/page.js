// Draws the matrix from the JSON in <script id="data">. Text from records only ever reaches the
// page through textContent, text nodes and properties: never innerHTML.
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const form = document.getElementById("filters");
  const main = document.getElementById("tables");
  const panel = document.getElementById("details");
  const CELLS = new WeakMap(); // <td> -> {table, row, group}: what a click shows
  let drawn = { cells: new Map(), rows: new Map() }; // "env/cell id" -> <td>, row id -> <tr>
  let opened = null; // {env, cell}: the cell whose panel is open
  let target = null; // the row id a link points at

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

  // The release picker and the search box stay in sight; the other filters fold away on a phone.
  function buildFinder() {
    const release = el("select", { name: "release", id: "release" },
      el("option", { value: "" }, "every release"),
      ...DATA.envs.map((e) => el("option", { value: e.id }, e.id)));
    const search = el("input", { type: "search", name: "q", id: "q", placeholder: "variant, data, cell id…" });
    let pending = 0;
    search.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(changed, 150); });
    return el("div", { className: "find" }, el("label", { htmlFor: "release" }, "Release"), release,
      el("label", { htmlFor: "q" }, "Find rows"), search);
  }

  function buildFilters() {
    const more = el("details", { className: "more", open: matchMedia("(min-width: 700px)").matches },
      el("summary", {}, "Filters"));
    for (const [name, title, values] of FILTERS) {
      const set = el("fieldset", { className: "filter" }, el("legend", { textContent: title }));
      for (const value of values) {
        const box = el("input", { type: "checkbox", name: name, value: value, checked: true });
        set.append(el("label", { title: DATA.variants[value] || DATA.flavours[value] || "" }, box, " " + value));
      }
      more.append(set);
    }
    const view = el("fieldset", { className: "filter" }, el("legend", { textContent: "Releases" }));
    for (const [value, text] of [["collapsed", "collapsed"], ["every", "every release"]]) {
      const radio = el("input", { type: "radio", name: "view", value: value, checked: value === "collapsed" });
      view.append(el("label", {}, radio, " " + text));
    }
    more.append(view);
    form.append(buildFinder(), more);
    form.addEventListener("change", (event) => { if (event.target.name !== "q") changed(); });
    form.addEventListener("submit", (event) => { event.preventDefault(); changed(); });
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
    const th = el("th", { className: "env", scope: "col", title: group.map((i) => DATA.envs[i].id).join(", ") },
      label);
    if (first.keras !== "tf.keras") {
      th.append(el("br"), el("abbr", { className: "flavour", title: DATA.flavours[first.keras] }, first.keras));
    }
    return th;
  }

  // On a narrow screen the first label column holds all three labels, stacked, and the others hide.
  function labels(texts) {
    const [first, ...rest] = texts;
    return [
      [first, el("span", { className: "stacked" }, ...rest.flatMap((text) => [el("br"), text]))],
      ...rest.map((text) => [text]),
    ];
  }

  function rowHead(row) {
    const texts = [row.variant, row.experiment + " · " + row.input, row.data];
    return labels(texts).map((content, n) => el("th", { className: "label l" + n, scope: "row",
      title: n === 0 ? DATA.variants[row.variant] || "" : "" }, ...content));
  }

  // about: the question of a section of its own, as HTML from the experiment's declaration.
  function drawTable(table, rows, columns, about) {
    const head = el("tr", {}, ...labels(["variant", "experiment · model input", "data"]).map((content, n) =>
      el("th", { className: "label l" + n, scope: "col" }, ...content)), ...columns.map(columnHead));
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr", { id: "row-" + row.id }, ...rowHead(row));
      drawn.rows.set(row.id, tr);
      for (const group of columns) {
        const cell = row.cells[group[0]];
        if (!cell) { tr.append(el("td")); continue; }
        const td = el("td", { className: "cell o-" + cell.outcome, tabIndex: 0 }, cell.text);
        td.dataset.cell = cell.cell;
        td.dataset.envs = group.map((i) => DATA.envs[i].id).join(" ");
        CELLS.set(td, { table: table, row: row, group: group });
        group.forEach((i) => drawn.cells.set(DATA.envs[i].id + "/" + cell.cell, td));
        tr.append(td);
      }
      body.append(tr);
    }
    const caption = el("caption", { className: "sr" },
      table.title + ": the outcome of each row (variant, experiment, data) in each release");
    const matrix = el("table", { className: "matrix" }, caption, el("thead", {}, head), body);
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

  // Every word of the search box in the row's labels or id.
  function found(row, words) {
    const text = [row.variant, row.experiment, row.input, row.data, row.id].join(" ").toLowerCase();
    return words.every((word) => text.includes(word));
  }

  function draw() {
    const modes = chosen("mode"), flavours = chosen("keras");
    const variants = chosen("variant"), experiments = chosen("experiment");
    const collapsed = chosen("view").has("collapsed");
    const release = form.elements.release.value;
    const words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    const columns = DATA.envs.map((_, i) => i).filter((i) =>
      flavours.has(DATA.envs[i].keras) && (!release || DATA.envs[i].id === release));
    main.replaceChildren();
    drawn = { cells: new Map(), rows: new Map() };
    const told = new Set();
    for (const table of DATA.tables) {
      const rows = table.rows.filter((r) =>
        variants.has(r.variant) && experiments.has(r.experiment) && found(r, words));
      if (!modes.has(table.mode) || !rows.length || !columns.length) continue;
      const first = table.section && !told.has(table.section);
      if (first) told.add(table.section);
      const about = first ? (DATA.sections || {})[table.section] : "";
      const section = drawTable(table, rows, groups(rows, columns, collapsed), about);
      main.append(section);
      stick(section);
    }
    if (!main.children.length) main.append(el("p", {}, "No cell matches the filters."));
    const marked = drawn.rows.get(target);
    if (marked) marked.classList.add("target");
  }

  function show(value) {
    return value === null || value === undefined ? "–" : String(value);
  }

  function permalink(link) {
    const text = "#" + Links.write(link);
    return el("a", { className: "permalink", href: text }, text);
  }

  // linked: the primary record of the cell, which carries the links to its cell and release.
  function evidence(env, cell, linked) {
    const dl = el("dl");
    const add = (name, ...value) => dl.append(el("dt", {}, name), el("dd", {}, ...value));
    if (linked) add("link", permalink({ cell: env.id + "/" + cell.cell }));
    add("cell", cell.cell);
    if (linked) add("release", permalink({ release: env.id }));
    add("requested", env.requested);
    add("observed", DATA.observed[cell.observed]);
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

  // focus: a reader opened it (click or key), so the panel takes the focus; a link's panel does not.
  function open(td, focus) {
    const { table, row, group } = CELLS.get(td);
    main.querySelectorAll("td.selected").forEach((other) => other.classList.remove("selected"));
    td.classList.add("selected");
    const close = el("button", { type: "button", className: "close", title: "close (Esc)" },
      el("span", { ariaHidden: "true" }, "×"), el("span", { className: "sr" }, "close"));
    close.addEventListener("click", () => shut(true));
    const title = el("h2", { tabIndex: -1 },
      table.mode + " · " + row.variant + " · experiment " + row.experiment + " · " + row.data);
    panel.replaceChildren(close, title, el("p", { className: "links" }, "row: ", permalink({ row: row.id })));
    for (const i of group) {
      const cell = row.cells[i];
      if (!cell) continue;
      panel.append(evidence(DATA.envs[i], cell, true));
      for (const other of cell.others) panel.append(evidence(DATA.envs[i], other, false));
    }
    panel.hidden = false;
    if (focus) title.focus();
  }

  // back: the focus returns to the cell that was open.
  function shut(back) {
    const td = opened && drawn.cells.get(opened.env + "/" + opened.cell);
    opened = null;
    panel.hidden = true;
    main.querySelectorAll("td.selected").forEach((other) => other.classList.remove("selected"));
    write();
    if (back && td) td.focus();
  }

  function current() {
    const link = {};
    for (const [name, , values] of FILTERS) {
      const on = chosen(name);
      if (on.size < values.length) link[name] = values.filter((v) => on.has(v)).join(",");
    }
    if (!chosen("view").has("collapsed")) link.view = "every";
    if (form.elements.release.value) link.release = form.elements.release.value;
    if (form.elements.q.value.trim()) link.q = form.elements.q.value.trim();
    if (target) link.row = target;
    if (opened) link.cell = opened.env + "/" + opened.cell;
    return link;
  }

  function write() {
    const text = Links.write(current());
    history.replaceState(null, "", location.href.split("#")[0] + (text ? "#" + text : ""));
  }

  // After a redraw the open cell's panel follows it, or closes if the filters hide it.
  function reopen() {
    const td = opened && drawn.cells.get(opened.env + "/" + opened.cell);
    if (td) open(td, false); else if (opened) { opened = null; panel.hidden = true; }
    return td;
  }

  function changed() {
    draw();
    reopen();
    write();
  }

  function restore(link) {
    for (const [name] of FILTERS) {
      const wanted = link[name] === undefined ? null : link[name].split(",");
      form.querySelectorAll("input[name='" + name + "']").forEach((box) => {
        box.checked = !wanted || wanted.includes(box.value);
      });
    }
    form.elements.view.value = link.view === "every" ? "every" : "collapsed";
    const release = DATA.envs.some((e) => e.id === link.release) ? link.release : "";
    form.elements.release.value = release;
    form.elements.q.value = link.q || "";
    target = link.row || null;
    const at = (link.cell || "").indexOf("/"); // env ids hold no "/": the first one ends the env
    opened = at > 0 ? { env: link.cell.slice(0, at), cell: link.cell.slice(at + 1) } : null;
    draw();
    const td = reopen();
    const row = drawn.rows.get(target);
    if (row) row.scrollIntoView({ block: "center" });
    if (td) td.scrollIntoView({ block: "start", inline: "center" }); // above the panel, below the heads
    write();
  }

  main.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (!td) return;
    const { group } = CELLS.get(td);
    opened = { env: DATA.envs[group[0]].id, cell: td.dataset.cell };
    if (target) { drawn.rows.get(target)?.classList.remove("target"); target = null; }
    open(td, true);
    write();
  });
  main.addEventListener("keydown", (event) => {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("td.cell")) {
      event.preventDefault();
      event.target.click();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) shut(true);
  });
  document.querySelector("a.skip").addEventListener("click", (event) => {
    event.preventDefault(); // the address keeps naming the view
    (main.querySelector("td.cell") || main).focus();
  });
  let resizing = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => main.querySelectorAll("section.mode").forEach(stick));
  });
  window.addEventListener("hashchange", () => {
    const link = Links.read(location.hash);
    if (link) restore(link);
  });
  buildFilters();
  const link = Links.read(location.hash);
  if (link) restore(link); else draw();
})();
