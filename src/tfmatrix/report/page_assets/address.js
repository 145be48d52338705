// The view in the address: the form, the marked row and the open cell as the fragment links.js reads
// and writes, kept in step with every change, and read again when the address changes.
Page.address = (function () {
  const { DATA, el, form, state } = Page;
  // What a link names but the view it names hides (a graph cell under mode=eager), said, never dropped.
  const notice = el("p", { className: "notice", role: "status", hidden: true });
  form.after(notice);

  function current() {
    const link = Page.filters.link();
    if (state.target) link.row = state.target;
    if (state.opened) link.cell = state.opened.env + "/" + state.opened.cell;
    return link;
  }

  function write() {
    const text = Page.links.write(current());
    history.replaceState(null, "", location.href.split("#")[0] + (text ? "#" + text : ""));
  }

  // A new view draws its first table at once and the others after it shows, unless a cell or row is
  // named, whose table may be any of them.
  function changed() {
    Page.matrix.draw(!state.opened && !state.target);
    Page.panel.reopen();
    write();
  }

  // The cell or row a link names and the view hides: which it is, and a button that shows it.
  function hidden(link, id) {
    const mode = DATA.tables.find((table) => table.rows.some((row) => row.id === id));
    notice.hidden = false;
    if (!mode) return notice.replaceChildren("The link names " + id + ", which this page does not hold.");
    const what = link.cell ? "cell " + link.cell : "row " + id;
    const show = el("button", { type: "button" }, "Show it (" + mode.mode + ")");
    show.addEventListener("click", () => {
      location.hash = Page.links.write(link.cell ? { cell: link.cell } : { row: id });
    });
    notice.replaceChildren("The link names the " + what + " (mode " + mode.mode + "), which the filters " +
      "in the link hide. ", show);
  }

  function restore(link) {
    Page.filters.restore(link);
    state.target = link.row || null;
    const at = (link.cell || "").indexOf("/"); // env ids hold no "/": the first one ends the env
    const opened = at > 0 ? { env: link.cell.slice(0, at), cell: link.cell.slice(at + 1), named: true } : null;
    state.opened = opened;
    Page.matrix.draw();
    const td = Page.panel.reopen();
    const row = state.drawn.rows.get(state.target);
    if (row) row.scrollIntoView({ block: "center" });
    notice.hidden = true;
    if (opened && !td) hidden(link, opened.cell);
    else if (state.target && !row) hidden(link, state.target);
    write();
  }

  // The page opens on the view its address names, or on every cell, its first table first.
  function start() {
    Page.filters.build();
    const link = Page.links.read(location.hash);
    if (link && (link.cell || link.row)) Page.loaded(() => restore(link)); // its panel, or its row in sight
    else if (link) restore(link);
    else Page.matrix.draw(true);
  }

  window.addEventListener("hashchange", () => {
    const link = Page.links.read(location.hash);
    if (link) Page.loaded(() => restore(link));
  });

  return { write: write, changed: changed, start: start };
})();
Page.address.start(); // the last of page.py's SCRIPTS: every part of Page is in place
