/* The search index is fetched when the reader first goes to search, not on every page: pages that do
   not search save most of their transfer (the index is the largest file the site sends). The theme asks
   for search/search_index.json with XMLHttpRequest when a page loads; this script, loaded before the
   theme's bundle, holds that one request until the search box is focused or opened, or a search key is
   pressed, then sends it. Nothing else changes: without JavaScript there is no search either way. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.mnfuSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.mnfuSearchIndex && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function wantsSearch(target) {
    return target && target.closest && target.closest(
      "[data-md-component=search], label[for=__search], input[name=query], .md-search");
  }
  document.addEventListener("focusin", function (event) { if (wantsSearch(event.target)) release(); }, true);
  document.addEventListener("pointerdown", function (event) { if (wantsSearch(event.target)) release(); }, true);
  document.addEventListener("click", function (event) { if (wantsSearch(event.target)) release(); }, true);
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "S", "f", "F"].indexOf(event.key) >= 0) release();  // the theme's search shortcuts
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  }, true);
  // A page opened from a search result highlights the query, and that needs the index.
  if (/[?&]h=/.test(location.search) || location.hash === "#__search") release();
})();
