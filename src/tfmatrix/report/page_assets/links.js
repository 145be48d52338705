// The view lives in the address's fragment, "#key=value&key=value", so every view is a link that
// opens the same view (page.py's permalink() writes the same form). Keys, in the order written:
//   mode, keras, variant, experiment  a filter's checked values, comma-separated, when not all are
//   view=every                        every release in its own column
//   release=<env id>                  that release's column only, e.g. release=tf-2.16-tf_keras
//   q=<text>                          rows whose labels or id hold every word of the text
//   row=<cell id>                     that row marked and scrolled to; a cell id without its
//                                     environment names its row, e.g. row=keras_shape.positive.graph.default
//   cell=<env id>/<cell id>           that cell's panel open, e.g. cell=tf-1.12/keras_shape.positive.graph.default
Page.links = (function () {
  const KEYS = ["mode", "keras", "variant", "experiment", "view", "release", "q", "row", "cell"];

  // "/", "," and "+" stay as they are, as page.py's quote(safe="/,+") leaves them: ids read plainly.
  function encode(text) {
    return encodeURIComponent(text).replace(/%2F/g, "/").replace(/%2C/g, ",").replace(/%2B/g, "+");
  }

  // The view a fragment names, or null for a plain anchor ("#tables") that names none.
  function read(hash) {
    const text = hash.replace(/^#/, "");
    if (!text.includes("=")) return null;
    const link = {};
    for (const part of text.split("&")) {
      const at = part.indexOf("=");
      const key = at < 0 ? part : part.slice(0, at);
      if (!KEYS.includes(key)) continue;
      try {
        link[key] = decodeURIComponent(at < 0 ? "" : part.slice(at + 1));
      } catch (error) {
        // a mangled escape: that key is ignored, the rest of the link still works
      }
    }
    return link;
  }

  function write(link) {
    return KEYS.filter((key) => typeof link[key] === "string").map((key) => key + "=" + encode(link[key]))
      .join("&");
  }

  return { read: read, write: write };
})();
