// The view in the address: the form, the marked row and the open cell as the fragment links.js reads
// and writes, kept in step with every change, and read again when the address changes.
Page.address = (function () {
  const { state } = Page;

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

  function restore(link) {
    Page.filters.restore(link);
    state.target = link.row || null;
    const at = (link.cell || "").indexOf("/"); // env ids hold no "/": the first one ends the env
    state.opened = at > 0 ? { env: link.cell.slice(0, at), cell: link.cell.slice(at + 1) } : null;
    Page.matrix.draw();
    const td = Page.panel.reopen();
    const row = state.drawn.rows.get(state.target);
    if (row) row.scrollIntoView({ block: "center" });
    write();
  }

  // The page opens on the view its address names, or on every cell, its first table first.
  function start() {
    Page.filters.build();
    const link = Page.links.read(location.hash);
    if (link) restore(link); else Page.matrix.draw(true);
  }

  window.addEventListener("hashchange", () => {
    const link = Page.links.read(location.hash);
    if (link) restore(link);
  });

  return { write: write, changed: changed, start: start };
})();
Page.address.start(); // the last of page.py's SCRIPTS: every part of Page is in place
