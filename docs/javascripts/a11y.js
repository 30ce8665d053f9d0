// Material's search overlay is a role="dialog" without a name; screen readers announce it as
// "dialog" only (axe: aria-dialog-name). Give it one. No request leaves the site.
document.querySelectorAll(".md-search[role='dialog']").forEach(function (el) {
  if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "Search");
});
