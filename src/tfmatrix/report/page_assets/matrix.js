// The tables the form asks for: the rows it keeps, their releases in columns, a table per mode.
Page.matrix = (function () {
  const { DATA, main, el, state, cells } = Page;

  // Each table as last built, with the columns it was built with: a redraw that keeps a table's
  // columns shows and hides its rows, so a filter costs no new table and no new layout of its text.
  const built = new Map(); // table -> {key, section, rows: [<tr>, ...] in the order of table.rows}
  // A table's last few builds by their columns, so a filter undone or the view switched back reuses one.
  const kept = new Map(), KEPT = 4; // table -> Map(key -> build), the last KEPT builds
  const none = el("p", { hidden: true }, "No cell matches the filters.");
  const slots = DATA.tables.map(() => el("section", { hidden: true })); // where each table goes, in order
  main.append(...slots, none);
  const rest = { frame: 0, timer: 0 }; // the tables a first screen leaves for after it is painted

  function signature(cell) {
    return cell ? (cell.signature ??= cell.text + "\u0000" + cell.error) : "";
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

  // Every word of the search box in the row's labels or id.
  function found(row, words) {
    const text = [row.variant, row.experiment, row.input, row.data, row.id].join(" ").toLowerCase();
    return words.every((word) => text.includes(word));
  }

  // The table with these columns, built with every row unless it already is; when a new build may
  // wait (later), null.
  function table(at, columns, about, later) {
    const source = DATA.tables[at];
    const key = columns.map((group) => group.join("-")).join(" ") + (about ? " ?" : "");
    const old = built.get(source);
    if (old && old.key === key) return old;
    const builds = kept.get(source) || kept.set(source, new Map()).get(source);
    let made = builds.get(key);
    if (!made && later) return null;
    if (!made) {
      const section = Page.table.draw(source, source.rows, columns, about);
      const rows = [...section.querySelectorAll("tbody tr")];
      made = { key: key, section: section, rows: rows, cells: rows.map(addresses) };
      builds.set(key, made);
      if (builds.size > KEPT) builds.delete(builds.keys().next().value);
    }
    (old ? old.section : slots[at]).replaceWith(made.section);
    built.set(source, made);
    Page.table.stick(made.section);
    return made;
  }

  function show(node, shown) { // only a change is written: writing `hidden` as it is restyles all the same
    if (node.hidden === shown) node.hidden = !shown;
  }

  // Each cell of a row with the "env/cell id" of each release it stands for, found once per build.
  function addresses(tr) {
    return [...tr.querySelectorAll("td.cell")].flatMap((td) =>
      cells.get(td).group.map((i) => [DATA.envs[i].id + "/" + td.dataset.cell, td]));
  }

  // The rows and cells a link or a click can find: those shown.
  function remember(row, tr, found) {
    state.drawn.rows.set(row.id, tr);
    for (const [address, td] of found) state.drawn.cells.set(address, td);
  }

  // first: build the first table shown and leave the other tables to build for after it is painted.
  function draw(first) {
    cancelAnimationFrame(rest.frame);
    clearTimeout(rest.timer);
    const { modes, flavours, variants, experiments, collapsed, release, words } = Page.filters.asked();
    const columns = DATA.envs.map((_, i) => i).filter((i) =>
      flavours.has(DATA.envs[i].keras) && (!release || DATA.envs[i].id === release));
    state.drawn = { cells: new Map(), rows: new Map() };
    const told = new Set();
    let shown = 0, waiting = false;
    DATA.tables.forEach((source, at) => {
      const rows = source.rows.filter((r) =>
        variants.has(r.variant) && experiments.has(r.experiment) && found(r, words));
      const was = built.get(source);
      if (!modes.has(source.mode) || !rows.length || !columns.length) { if (was) show(was.section, false); return; }
      const fresh = source.section && !told.has(source.section);
      if (fresh) told.add(source.section);
      const about = fresh ? (DATA.sections || {})[source.section] : "";
      const made = table(at, groups(rows, columns, collapsed), about, first && shown > 0);
      shown += 1;
      if (!made) { waiting = true; if (was) show(was.section, false); return; }
      const wanted = new Set(rows);
      source.rows.forEach((row, n) => {
        show(made.rows[n], wanted.has(row));
        if (wanted.has(row)) remember(row, made.rows[n], made.cells[n]);
      });
      show(made.section, true);
    });
    show(none, shown === 0);
    main.querySelectorAll("tr.target").forEach((tr) => tr.classList.remove("target"));
    if (!state.opened) main.querySelectorAll("td.selected").forEach((td) => td.classList.remove("selected"));
    const marked = state.drawn.rows.get(state.target);
    if (marked) marked.classList.add("target");
    main.ariaBusy = waiting ? "true" : null;
    if (waiting) rest.frame = requestAnimationFrame(() => { rest.timer = setTimeout(() => draw(false)); });
  }

  let resizing = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => main.querySelectorAll("section.mode").forEach(Page.table.stick));
  });

  return { draw: draw };
})();
