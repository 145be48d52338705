// What the page's scripts share: the data, the page's three parts, the view's state and el(). page.py
// inlines this script first, then the others in the order of its SCRIPTS, into one <script>; each adds
// its part to Page. Text from records only ever reaches the page through textContent, text nodes and
// properties: never innerHTML.
"use strict";
const Page = {
  DATA: JSON.parse(document.getElementById("data").textContent),
  form: document.getElementById("filters"),
  main: document.getElementById("tables"),
  panel: document.getElementById("details"),
  cells: new WeakMap(), // <td> -> {table, row, group}: what a click shows
  state: {
    drawn: { cells: new Map(), rows: new Map() }, // "env/cell id" -> <td>, row id -> <tr>
    opened: null, // {env, cell}: the cell whose panel is open
    target: null, // the row id a link points at
  },

  // fn once the whole page is read: the panel's data comes after the page's script (page.py's split).
  loaded(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
    else fn();
  },

  // The panel's data merged into DATA's cells, in the order page.py wrote it, the first time it is asked.
  evidence() {
    if (Page.DATA.texts) return;
    const rest = JSON.parse(document.getElementById("evidence").textContent);
    const cells = rest.cells[Symbol.iterator]();
    for (const table of Page.DATA.tables) {
      for (const row of table.rows) row.cells.forEach((cell) => cell && Object.assign(cell, cells.next().value));
    }
    Object.assign(Page.DATA, { errors: rest.errors, observed: rest.observed, texts: rest.texts });
  },

  el(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...children); // strings become text nodes
    return node;
  },
};
