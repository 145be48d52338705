// The keyboard and the focus: Enter or Space opens a cell, Esc closes its panel, the skip link lands
// in the table.
(function () {
  const { main, panel } = Page;

  main.addEventListener("keydown", (event) => {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("td.cell")) {
      event.preventDefault();
      event.target.click();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) Page.panel.shut(true);
  });
  document.querySelector("a.skip").addEventListener("click", (event) => {
    event.preventDefault(); // the address keeps naming the view
    (main.querySelector("td.cell") || main).focus();
  });
})();
