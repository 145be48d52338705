// The tables the form asks for: the rows it keeps, their releases in columns, a table per mode.
Page.matrix = (function () {
  const { DATA, main, el, state } = Page;

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

  // Every word of the search box in the row's labels or id.
  function found(row, words) {
    const text = [row.variant, row.experiment, row.input, row.data, row.id].join(" ").toLowerCase();
    return words.every((word) => text.includes(word));
  }

  function draw() {
    const { modes, flavours, variants, experiments, collapsed, release, words } = Page.filters.asked();
    const columns = DATA.envs.map((_, i) => i).filter((i) =>
      flavours.has(DATA.envs[i].keras) && (!release || DATA.envs[i].id === release));
    main.replaceChildren();
    state.drawn = { cells: new Map(), rows: new Map() };
    const told = new Set();
    for (const table of DATA.tables) {
      const rows = table.rows.filter((r) =>
        variants.has(r.variant) && experiments.has(r.experiment) && found(r, words));
      if (!modes.has(table.mode) || !rows.length || !columns.length) continue;
      const first = table.section && !told.has(table.section);
      if (first) told.add(table.section);
      const about = first ? (DATA.sections || {})[table.section] : "";
      const section = Page.table.draw(table, rows, groups(rows, columns, collapsed), about);
      main.append(section);
      Page.table.stick(section);
    }
    if (!main.children.length) main.append(el("p", {}, "No cell matches the filters."));
    const marked = state.drawn.rows.get(state.target);
    if (marked) marked.classList.add("target");
  }

  let resizing = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => main.querySelectorAll("section.mode").forEach(Page.table.stick));
  });

  return { draw: draw };
})();
