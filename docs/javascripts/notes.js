/* Note previews: hovering, focusing or tapping a note number shows its note (the source's citation, the
   link to the bibliography, and the excerpts the statement rests on) in one small box, reused for every
   note. A note lists, folded, every excerpt its references on the page rest on (.mnfu-ev); a reference
   names its own in data-ev on its wrapper (numbers within the note), and the preview shows only those. Nothing runs
   when a page loads but a few listeners, so a page with hundreds of notes costs no more than one with
   none (the theme's own note tooltips build an element per note at load). On a touch screen the first
   tap on a number shows the preview and a second tap follows it to the note; a tap elsewhere closes it. */
(function () {
  "use strict";
  var tip = null;
  var owner = null;
  var hideTimer = 0;
  var touch = false;  // the last pointer pressed was a finger: its tap opens the preview, not the link

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
    el.querySelectorAll("details").forEach(function (folded) {  // the note's excerpts, unfolded
      var summary = folded.querySelector("summary");
      if (summary) summary.remove();
      while (folded.firstChild) folded.parentNode.insertBefore(folded.firstChild, folded);
      folded.remove();
    });
    var holder = ref.closest("[data-ev]");
    var mine = holder ? holder.getAttribute("data-ev").split(" ") : [];
    el.querySelectorAll(".mnfu-ev").forEach(function (excerpt, i) {
      if (mine.indexOf(String(i + 1)) >= 0) return;
      var p = excerpt.closest("p");
      (p && el.contains(p) ? p : excerpt).remove();  // another statement's excerpt
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

  function inTip(node) { return !!(tip && node && tip.contains(node)); }

  document.addEventListener("pointerdown", function (event) { touch = event.pointerType === "touch"; }, true);
  document.addEventListener("pointerover", function (event) {
    var a = ref(event);
    if (a && event.pointerType !== "touch") show(a);
  });
  document.addEventListener("pointerout", function (event) {
    if (ref(event) && event.pointerType !== "touch") hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var a = ref(event);
    if (a && !touch) show(a);  // a tap's focus is left to its click
  });
  document.addEventListener("focusout", function (event) {
    if (ref(event) && !touch && !inTip(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("click", function (event) {
    var a = ref(event);
    if (a && touch) {
      if (owner === a && tip && !tip.hidden) { hide(); return; }  // a second tap follows it to the note
      event.preventDefault();  // the first tap shows the preview
      show(a);
    } else if (tip && !tip.hidden && !inTip(event.target) && a !== owner) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    touch = false;
    if (event.key === "Escape") hide();
  });
})();
