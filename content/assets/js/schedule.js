/* Session times in the reader's own zone, and the live state of the schedule.
 *
 * The pages are built with each session's time in the event's zone ("16:00–17:30 EST") inside
 * <time class="cq-when" datetime="START" data-cq-end="END">, both instants with their offset,
 * and with the state at the build (data-cq-phase: upcoming, now, ended; data-cq-next on the
 * next session of an event). This script
 *
 * - adds the reader's local time beside the event's ("· 22:00–23:30 your time, GMT+1") when
 *   the reader's clock differs from the event's at that moment; dates without a time
 *   (<time datetime="2025-09-02">) never move;
 * - recomputes the state from data-cq-start / data-cq-end against the reader's clock, so a
 *   page built at midnight is right in the afternoon: the next session is marked, sessions
 *   happening now say so, past ones are set apart (collapsed behind a button on event pages),
 *   and the home page lists the next sessions that have not ended.
 *
 * Without JavaScript the page keeps the state it was built with.
 */
(function () {
  "use strict";

  // The page's words: the generator writes them in each language as a file
  // (assets/js/labels/<language>.js, which sets cqLabels) that a page names before this
  // script; English without it.
  var WORDS = {
    now: "Happening now", next: "Next session", upcoming: "Upcoming", ended: "Ended",
    yourTime: "%(time)s your time, %(zone)s", nextDay: "(next day)",
    showPast: ["Show %(count)s past session", "Show %(count)s past sessions"],
    hidePast: ["Hide %(count)s past session", "Hide %(count)s past sessions"], hourCycle: "h23"
  };
  function words() {
    return typeof cqLabels === "object" && cqLabels ? cqLabels : WORDS;
  }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }

  function offsetMinutes(iso) {
    var match = /([+-])(\d{2}):(\d{2})$/.exec(iso);
    if (!match) return 0; // "Z"
    var minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }

  // The page's language (<html lang>, the page's own): the reader's time is written in the
  // page's words and on the page's clock (24-hour: "01:30", never "1:30", which reads as the
  // afternoon beside "16:00"; 12-hour where the page's language writes its times so).
  var LANGUAGE = document.documentElement.lang || "en";

  function clock(date) {
    var cycle = words().hourCycle;
    return new Intl.DateTimeFormat(LANGUAGE, { hour: cycle === "h23" ? "2-digit" : "numeric", minute: "2-digit", hourCycle: cycle }).format(date);
  }

  // The reader's zone as its offset ("GMT+8", "GMT-4"): an abbreviation can name two places
  // (CST is Chicago's and Taipei's), an offset cannot.
  function zoneName(date) {
    var part = new Intl.DateTimeFormat(LANGUAGE, { timeZoneName: "shortOffset" })
      .formatToParts(date)
      .filter(function (p) { return p.type === "timeZoneName"; })[0];
    return part ? part.value : "";
  }

  function sameDay(a, b) {
    return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }

  function eventDay(iso) {
    // the calendar day as written in the event's zone
    var parts = iso.slice(0, 10).split("-");
    return new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
  }

  function localTimes() {
    document.querySelectorAll("time.cq-when[data-cq-end]").forEach(function (element) {
      if (element.nextElementSibling && element.nextElementSibling.classList.contains("cq-local")) return;
      var startIso = element.getAttribute("datetime");
      var endIso = element.getAttribute("data-cq-end");
      var start = new Date(startIso);
      var end = new Date(endIso);
      // The reader's offset at that moment against the event's: equal clocks add nothing.
      if (-start.getTimezoneOffset() === offsetMinutes(startIso)) return;
      var labels = words();
      var text = clock(start);  // a deadline is one moment: its end is its start
      if (end > start) text += "–" + clock(end) + (sameDay(start, end) ? "" : " " + labels.nextDay);
      if (!sameDay(start, eventDay(startIso))) {
        text = start.toLocaleDateString(LANGUAGE, { weekday: "short", month: "short", day: "numeric" }) + ", " + text;
      }
      var local = document.createElement("span");
      local.className = "cq-local";
      local.textContent = " · " + fill(labels.yourTime, { time: text, zone: zoneName(start) });
      element.insertAdjacentElement("afterend", local);
    });
  }

  function phase(element, now) {
    var start = new Date(element.getAttribute("data-cq-start"));
    var end = new Date(element.getAttribute("data-cq-end"));
    return end <= now ? "ended" : start <= now ? "now" : "upcoming";
  }

  function label(item, text) {
    var badge = item.querySelector("[data-cq-label]");
    if (!badge) return;
    if (badge.getAttribute("data-cq-label") === "status") {
      badge.textContent = words()[item.getAttribute("data-cq-phase")];
      return;
    }
    badge.textContent = text || "";
    badge.hidden = !text;
  }

  function schedules(now) {
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-cq-start][data-cq-end]"));
    items.forEach(function (item) {
      item.setAttribute("data-cq-phase", phase(item, now));
    });
    // The next session of the page's event: the earliest that has not ended.
    var pending = items
      .filter(function (item) {
        return item.classList.contains("cq-item") && !item.hasAttribute("data-cq-off") && item.getAttribute("data-cq-phase") !== "ended";
      })
      .sort(function (a, b) { return new Date(a.getAttribute("data-cq-start")) - new Date(b.getAttribute("data-cq-start")); });
    items.forEach(function (item) {
      item.removeAttribute("data-cq-next");
    });
    if (pending.length && !document.querySelector("[data-cq-next-sessions]")) pending[0].setAttribute("data-cq-next", "");
    items.forEach(function (item) {
      var state = item.getAttribute("data-cq-phase");
      var labels = words();
      label(item, state === "now" ? labels.now : item.hasAttribute("data-cq-next") ? labels.next : "");
    });
    nextSessions();
    collapsePast();
  }

  function nextSessions() {
    document.querySelectorAll("[data-cq-next-sessions]").forEach(function (list) {
      var shown = Number(list.getAttribute("data-cq-next-sessions"));
      var count = 0;
      list.querySelectorAll("[data-cq-start]").forEach(function (item) {
        item.hidden = item.getAttribute("data-cq-phase") === "ended" || count >= shown;
        if (!item.hidden) count += 1;
      });
      var none = list.parentElement.querySelector("[data-cq-none]");
      if (none) none.hidden = count > 0;
    });
  }

  // Event pages: past sessions are collapsed behind one button at the top of the schedule.
  function collapsePast() {
    var first = document.querySelector(".cq-item[data-cq-phase]");
    if (!first || document.querySelector("[data-cq-next-sessions]")) return;
    var past = document.querySelectorAll(".cq-item[data-cq-phase='ended']").length;
    var button = document.querySelector(".cq-past-toggle");
    if (!past) {
      if (button) button.hidden = true;
      document.body.classList.remove("cq-past-collapsed");
      return;
    }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "md-button cq-past-toggle";
      button.addEventListener("click", function () {
        document.body.classList.toggle("cq-past-collapsed");
        toggleText(button);
      });
      var table = first.closest("table");
      // Above the first session's heading; a day's first session (workshop): above its day's.
      var heading = (first.previousElementSibling ? first : first.parentElement).previousElementSibling;
      var place = table ? table.parentElement : heading && /^H[23]$/.test(heading.tagName) ? heading : first;
      place.insertAdjacentElement("beforebegin", button);
      // Collapsed, unless the reader came for a past session (a link to its anchor).
      var target = location.hash.length > 1 ? document.getElementById(fragment(location.hash.slice(1))) : null;
      var ended = ".cq-item[data-cq-phase='ended']";
      if (!(target && (target.matches(ended) || (target.nextElementSibling && target.nextElementSibling.matches(ended))))) {
        document.body.classList.add("cq-past-collapsed");
      }
    }
    button.hidden = false;
    button.setAttribute("data-count", String(past));
    toggleText(button);
  }

  // The id a fragment names; any fragment a reader can type (#% is no valid escape) names one.
  function fragment(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text;
    }
  }

  function toggleText(button) {
    var count = button.getAttribute("data-count");
    var collapsed = document.body.classList.contains("cq-past-collapsed");
    var forms = words()[collapsed ? "showPast" : "hidePast"];
    button.textContent = fill(forms[count === "1" ? 0 : 1], { count: count });
    button.setAttribute("aria-expanded", String(!collapsed));
  }

  function update() {
    localTimes();
    schedules(new Date());
  }

  if (window.document$) {
    window.document$.subscribe(update);
  } else {
    update();
  }
  window.setInterval(function () { schedules(new Date()); }, 60 * 1000);
})();
