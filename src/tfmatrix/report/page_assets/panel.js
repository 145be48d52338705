// The panel of the opened cell: the evidence of each of its records, and the links to it.
Page.panel = (function () {
  const { DATA, main, panel, el, cells, state } = Page;

  // As measured: page_data.py sends NaN and the infinities, which JSON cannot hold, as these strings.
  function show(value) {
    if (value === null || value === undefined) return "–";
    if (typeof value !== "object") return String(value);
    return JSON.stringify(value).replace(/"(NaN|-?Infinity)"/g, "$1");
  }

  function permalink(link) {
    const text = "#" + Page.links.write(link);
    return el("a", { className: "permalink", href: text }, text);
  }

  // The values a flaky cell's runs showed, one row each, with how many runs showed it.
  function showed(cell) {
    const head = ["runs showed", "outcome", "bn_updates", "raced pairs or variance", "runs"];
    const row = (tag, texts) => el("tr", {}, ...texts.map((text) => el(tag, {}, show(text || null))));
    return el("table", { className: "showed" }, el("caption", {}, "What each run of the cell showed"),
      el("thead", {}, row("th", head)), el("tbody", {}, ...cell.showed.map((texts) => row("td", texts))));
  }

  // linked: the primary record of the cell, which carries the links to its cell and release.
  function evidence(env, cell, linked) {
    let dl = el("dl");
    const add = (name, ...value) => dl.append(el("dt", {}, name), el("dd", {}, ...value));
    const section = el("section", { className: "evidence backend-" + cell.backend },
      el("h3", {}, env.id + " (" + cell.backend + ")"), dl);
    if (linked) add("link", permalink({ cell: env.id + "/" + cell.cell }));
    add("cell", cell.cell);
    if (linked) add("release", permalink({ release: env.id }));
    add("requested", env.requested);
    add("requirements", DATA.texts[cell.texts[2]] || "–");
    add("observed", DATA.observed[cell.observed]);
    add("outcome", cell.text + " (" + cell.outcome + ")");
    add("runs", show(cell.runs) + " (values seen: " + cell.seen + ")");
    if (cell.showed) { // the record below is one run's: its evidence is never the cell's value
      dl = el("dl");
      const title = "One run's record (run of " + cell.started + "), not the cell's value";
      section.append(showed(cell), el("h4", {}, title), dl);
      add("outcome", cell.recorded);
    }
    add("started", (cell.started || "–") + " (" + show(cell.seconds) + " s)");
    ["bn_updates", "moving_variance", "moving_mean", "losses"].forEach((name) => add(name, show(cell[name])));
    ["update_ops", "model_updates", "wired_updates"].forEach((name, n) => add(name, show(cell.ops[n])));
    ["summary_shapes", "api"].forEach((name, n) => add(name, DATA.texts[cell.texts[n]] || "–"));
    for (const [name, found] of Object.entries(cell.probes)) add(name, show(found));
    add("error", DATA.errors[cell.error] || "none");
    add("reproduce", el("code", { className: "command" }, cell.command));
    return section;
  }

  // focus: a reader opened it (click or key), so the panel takes the focus; a link's panel does not.
  function open(td, focus) {
    Page.evidence();
    const { table, row, group } = cells.get(td);
    main.querySelectorAll("td.selected").forEach((other) => other.classList.remove("selected"));
    td.classList.add("selected");
    const close = el("button", { type: "button", className: "close", title: "close (Esc)" },
      el("span", { ariaHidden: "true" }, "×"), el("span", { className: "sr" }, "close"));
    close.addEventListener("click", () => shut(true));
    const title = el("h2", { tabIndex: -1 },
      table.mode + " · " + row.variant + " · experiment " + row.experiment + " · " + row.data);
    panel.replaceChildren(close, title, el("p", { className: "links" }, "row: ", permalink({ row: row.id })));
    // A link that names one release of merged ones: that release's evidence first, marked as the link's.
    const named = state.opened && state.opened.named ? state.opened.env : null;
    const first = (i) => (DATA.envs[i].id === named ? 0 : 1);
    for (const i of [...group].sort((a, b) => first(a) - first(b))) {
      const cell = row.cells[i];
      if (!cell) continue;
      const section = evidence(DATA.envs[i], cell, true);
      if (group.length > 1 && !first(i)) {
        section.classList.add("named");
        section.querySelector("h3").append(el("span", { className: "named" }, ", the release the link names"));
      }
      panel.append(section);
      for (const other of cell.others) panel.append(evidence(DATA.envs[i], other, false));
    }
    panel.hidden = false;
    const below = innerHeight - panel.getBoundingClientRect().top; // what it covers
    document.body.style.paddingBottom = below + "px"; // a cell at the page's end can rise above it
    Page.table.reveal(td, below);
    if (focus) title.focus({ preventScroll: true });
  }

  // back: the focus returns to the cell that was open.
  function shut(back) {
    const td = state.opened && state.drawn.cells.get(state.opened.env + "/" + state.opened.cell);
    state.opened = null;
    panel.hidden = true;
    document.body.style.paddingBottom = "";
    main.querySelectorAll("td.selected").forEach((other) => other.classList.remove("selected"));
    Page.address.write();
    if (back && td) td.focus();
  }

  // After a redraw the open cell's panel follows it, or closes if the filters hide it.
  function reopen() {
    const td = state.opened && state.drawn.cells.get(state.opened.env + "/" + state.opened.cell);
    if (td) open(td, false); else if (state.opened) shut(false);
    return td;
  }

  // A click on a cell opens its panel (once the page is read), and the link names the cell, not a row.
  function clicked(td) {
    state.opened = { env: DATA.envs[cells.get(td).group[0]].id, cell: td.dataset.cell };
    if (state.target) { state.drawn.rows.get(state.target)?.classList.remove("target"); state.target = null; }
    open(td, true);
    Page.address.write();
  }
  main.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (td) Page.loaded(() => clicked(td));
  });

  return { shut: shut, reopen: reopen };
})();
