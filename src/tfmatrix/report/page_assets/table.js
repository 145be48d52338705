// One table: its heads, a row per variant, experiment and data, a cell per column of releases.
Page.table = (function () {
  const { DATA, el, cells } = Page;

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

  // columns: the releases of each column, as indices of DATA.envs.
  // about: the question of a section of its own, as HTML from the experiment's declaration.
  function draw(table, rows, columns, about) {
    const head = el("tr", {}, ...labels(["variant", "experiment · model input", "data"]).map((content, n) =>
      el("th", { className: "label l" + n, scope: "col" }, ...content)), ...columns.map(columnHead));
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr", { id: "row-" + row.id }, ...rowHead(row));
      for (const group of columns) {
        const cell = row.cells[group[0]];
        if (!cell) { tr.append(el("td")); continue; }
        const td = el("td", { className: "cell o-" + cell.outcome, tabIndex: 0 }, cell.text);
        td.dataset.cell = cell.cell;
        td.dataset.envs = group.map((i) => DATA.envs[i].id).join(" ");
        cells.set(td, { table: table, row: row, group: group });
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
  // A table is measured when it nears the screen, every table in sight read before any is written:
  // measuring each table as it was drawn forced a layout of the whole page per table.
  function lefts(section) {
    let left = 0;
    return [...section.querySelectorAll("thead th.label")].map((th) => {
      const at = left;
      left += th.getBoundingClientRect().width;
      return at;
    });
  }

  const near = new IntersectionObserver((entries) => {
    const sections = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
    const measured = sections.map(lefts);
    sections.forEach((section, n) => {
      near.unobserve(section);
      measured[n].forEach((left, at) => section.style.setProperty("--l" + at, left + "px"));
    });
  }, { rootMargin: "100% 0px" });

  function stick(section) {
    near.observe(section);
  }

  // A cell in sight: clear of the sticky row labels to its left and of what covers the screen's
  // last pixels (below: the panel's).
  function reveal(td, below) {
    const labels = [...td.parentElement.querySelectorAll("th.label")].map((th) => th.getBoundingClientRect());
    const left = td.closest(".scroll").getBoundingClientRect().left;
    const stuck = Math.max(0, ...labels.filter((box) => box.width).map((box) => box.right - left));
    Object.assign(td.style, { scrollMarginLeft: stuck + "px", scrollMarginBottom: below + "px" });
    td.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  return { draw: draw, stick: stick, reveal: reveal };
})();
