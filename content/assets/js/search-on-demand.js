/* The search index on demand.
 *
 * Material for MkDocs requests the whole search index (search/search_index.json, which grows
 * with every session of the site: 0.7 MB at five times the example) as soon as a page opens,
 * whether or not the reader searches. This script holds that one request back until the reader
 * opens search (the search toggle, which the search box, its icon and the keyboard shortcuts
 * all switch on); Material shows "Initializing search" until the index has arrived. A page
 * opened from a search result (?h=...) highlights the terms with the index's settings, so
 * there the index is requested at once.
 *
 * Material asks for the index with XMLHttpRequest, so this script, which must run before
 * Material's bundle, postpones send() for that URL only.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = new URLSearchParams(location.search).has("h");

  XMLHttpRequest.prototype.open = function (method, url) {
    this.cqSearchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.cqSearchIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  function release() {
    wanted = true;
    held.splice(0).forEach(function (call) {
      send.apply(call[0], call[1]);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  });
})();
