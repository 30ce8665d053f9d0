/* Note previews: hovering or focusing a note number shows its note (the source's citation and the link
   to the bibliography) in one small box, reused for every note. Nothing runs when a page loads but two
   listeners, so a page with hundreds of notes costs no more than one with none (the theme's own note
   tooltips build an element per note at load). On a touch screen the number is a link to the note. */
(function () {
  "use strict";
  var tip = null;
  var owner = null;
  var hideTimer = 0;

  function box() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "mnfu-note-tip md-typeset";
      tip.id = "mnfu-note-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("pointerleave", hideSoon);
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(ref) {
    var id = decodeURIComponent((ref.getAttribute("href") || "").replace(/^#/, ""));
    var note = id && document.getElementById(id);
    if (!note) return;
    clearTimeout(hideTimer);
    var el = box();
    el.replaceChildren();
    Array.prototype.forEach.call(note.children, function (child) {
      var copy = child.cloneNode(true);
      copy.querySelectorAll(".footnote-backref").forEach(function (a) { a.remove(); });
      copy.removeAttribute("id");
      el.appendChild(copy);
    });
    el.hidden = false;
    if (owner && owner !== ref) owner.removeAttribute("aria-describedby");
    owner = ref;
    ref.setAttribute("aria-describedby", el.id);
    var r = ref.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    el.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX - width / 2, window.scrollX + document.documentElement.clientWidth - width - 8));
    el.style.left = left + "px";
    var below = r.bottom + window.scrollY + 6;
    el.style.top = below + "px";
    if (r.bottom + el.offsetHeight + 12 > window.innerHeight && r.top > el.offsetHeight + 12) {
      el.style.top = (r.top + window.scrollY - el.offsetHeight - 6) + "px";  // no room below: above
    }
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);  // time to move the pointer into the box and use its link
  }

  function ref(event) {
    return event.target && event.target.closest ? event.target.closest("a.footnote-ref") : null;
  }

  document.addEventListener("pointerover", function (event) {
    var a = ref(event);
    if (a && event.pointerType !== "touch") show(a);
  });
  document.addEventListener("pointerout", function (event) { if (ref(event)) hideSoon(); });
  document.addEventListener("focusin", function (event) { var a = ref(event); if (a) show(a); });
  document.addEventListener("focusout", function (event) { if (ref(event)) hideSoon(); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();
