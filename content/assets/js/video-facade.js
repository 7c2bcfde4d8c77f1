/* Facades: a page loads nothing from a video or slide host until the reader asks.
 *
 * A player is rendered as <div class="cq-video" data-embed="PLAYER" data-title="Video: ...">
 * holding a hidden <button> and a plain link. PLAYER is the host's most private player, made
 * by the site generator (colloquium/video_hosts.py), or a PDF under the site's own address.
 * Without JavaScript the link is all there is. With it, the button is shown; pressing it
 * (click, Enter or Space: it is a real button) replaces the button with the player.
 *
 * Chapters (<a class="cq-chapter" data-cq-time="SECONDS" data-cq-player="PLAYER AT THAT TIME">)
 * start the recording of their .cq-recording there: the host's player (replacing the facade,
 * or the player already playing), or the page's own <video>.
 */
(function () {
  "use strict";

  function open(facade, player) {
    var frame = document.createElement("iframe");
    frame.src = new URL(player, document.baseURI).toString();
    frame.title = facade.dataset.title;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "cq-video__frame";
    var current = facade.querySelector(".cq-video__play, .cq-video__frame");
    current.replaceWith(frame);
    facade.classList.add("cq-video--playing");
    frame.focus();
  }

  function seek(chapter) {
    var recording = chapter.closest(".cq-recording");
    var own = recording.querySelector("video");
    if (own) {
      own.currentTime = Number(chapter.dataset.cqTime);
      own.play().catch(function () { /* the reader can press play; the time is set */ });
      own.focus();
      return;
    }
    open(recording.querySelector(".cq-video"), chapter.dataset.cqPlayer);
  }

  function show(root) {
    root.querySelectorAll(".cq-video__play[hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var button = event.target.closest(".cq-video__play");
    if (button) {
      var facade = button.closest(".cq-video");
      open(facade, facade.dataset.embed);
      return;
    }
    var chapter = event.target.closest(".cq-chapter");
    if (chapter && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      seek(chapter);
    }
  });

  // Material's instant navigation swaps pages without a reload and announces each on document$.
  if (window.document$) {
    window.document$.subscribe(function () { show(document); });
  } else {
    show(document);
  }
})();
