/* Video facades: a page loads nothing from YouTube until the reader presses play.
 *
 * Each video is rendered as <div class="cq-video" data-embed="https://www.youtube-nocookie.com/embed/ID">
 * holding a hidden <button> and a plain link to the video. Without JavaScript the link is all
 * there is. With it, the button is shown; pressing it (click, Enter or Space: it is a real
 * button) replaces the facade's button with the privacy-enhanced player, which then plays.
 */
(function () {
  "use strict";

  function play(button) {
    var facade = button.closest(".cq-video");
    var src = new URL(facade.dataset.embed);
    src.searchParams.set("autoplay", "1");
    var frame = document.createElement("iframe");
    frame.src = src.toString();
    frame.title = "Video: " + facade.dataset.title;
    frame.allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "cq-video__frame";
    button.replaceWith(frame);
    facade.classList.add("cq-video--playing");
    frame.focus();
  }

  function show(root) {
    root.querySelectorAll(".cq-video__play[hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".cq-video__play");
    if (button) play(button);
  });

  // Material's instant navigation swaps pages without a reload and announces each on document$.
  if (window.document$) {
    window.document$.subscribe(function () { show(document); });
  } else {
    show(document);
  }
})();
