// The form: the release picker, the search box and the filters; what they ask to show, and their part
// of the address.
Page.filters = (function () {
  const { DATA, form, el } = Page;

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

  function changed() {
    Page.address.changed();
  }

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

  function build() {
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

  // What the form asks to show; words: the search box's, each of which a shown row holds.
  function asked() {
    return {
      modes: chosen("mode"), flavours: chosen("keras"),
      variants: chosen("variant"), experiments: chosen("experiment"),
      collapsed: chosen("view").has("collapsed"),
      release: form.elements.release.value,
      words: form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean),
    };
  }

  // The form's part of a link: a filter only when some of its values are unchecked.
  function link() {
    const out = {};
    for (const [name, , values] of FILTERS) {
      const on = chosen(name);
      if (on.size < values.length) out[name] = values.filter((v) => on.has(v)).join(",");
    }
    if (!chosen("view").has("collapsed")) out.view = "every";
    if (form.elements.release.value) out.release = form.elements.release.value;
    if (form.elements.q.value.trim()) out.q = form.elements.q.value.trim();
    return out;
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
  }

  return { build: build, asked: asked, link: link, restore: restore };
})();
