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

  el(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...children); // strings become text nodes
    return node;
  },
};
