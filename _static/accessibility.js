// Accessibility repairs for the theme's own markup (pydata-sphinx-theme 0.17), found by axe-core
// in tests/test_browser.py. Jupyter Book adds every .js file in _static/ to every page.
document.addEventListener("DOMContentLoaded", () => {
  // The sidebar's expand/collapse toggles are <summary> elements holding only an icon:
  // name each one after the page whose sub-pages it shows.
  document.querySelectorAll("details > summary").forEach((summary) => {
    if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
    const link = summary.closest("li")?.querySelector(":scope > a");
    const title = link ? link.textContent.trim() : "";
    summary.setAttribute("aria-label", title ? `Show or hide the pages in ${title}` : "Show or hide sub-pages");
  });

  // The search buttons show "Search Ctrl+K" but are named "Search", and MyST-NB's hidden-code
  // toggles show "Show code cell source" but are named "Toggle hidden content": let the visible
  // text be the name.
  document.querySelectorAll(".search-button__button[aria-label], details.hide > summary[aria-label]").forEach((button) => {
    if (button.textContent.trim()) button.removeAttribute("aria-label");
  });

  // The colour-mode button is named "Color mode" while its icons carry their own names
  // ("Light", "Dark", "System Settings"): the icons are decoration inside a named button.
  // Font Awesome swaps each <i> for an <svg> whenever it gets round to it, so watch the button.
  const decorate = (button) => {
    button.querySelectorAll(".theme-switch").forEach((icon) => {
      if (icon.getAttribute("aria-hidden") === "true" && !icon.hasAttribute("title") && !icon.querySelector("title")) return;
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.querySelectorAll("title").forEach((title) => title.remove());
      icon.setAttribute("aria-hidden", "true");
    });
  };
  document.querySelectorAll(".theme-switch-button").forEach((button) => {
    decorate(button);
    new MutationObserver(() => decorate(button)).observe(button, {childList: true, subtree: true});
  });
});

// A display formula wider than its column scrolls sideways (custom.css). A reader on a keyboard
// must be able to scroll it too, so exactly those formulas take the keyboard focus.
const focusWideFormulas = () => {
  document.querySelectorAll(".math .katex-display").forEach((formula) => {
    if (formula.scrollWidth > formula.clientWidth) formula.setAttribute("tabindex", "0");
    else formula.removeAttribute("tabindex");
  });
};
window.addEventListener("load", focusWideFormulas);
window.addEventListener("resize", focusWideFormulas);
