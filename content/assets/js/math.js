/* Math: arithmatex marks formulas as <span|div class="arithmatex">\(...\)</span|div>;
 * KaTeX (served by the site, assets/katex/) typesets exactly those elements. */
(function () {
  "use strict";

  function typeset() {
    document.querySelectorAll(".arithmatex").forEach(function (element) {
      renderMathInElement(element, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true },
        ],
        throwOnError: false,
      });
    });
  }

  if (window.document$) {
    window.document$.subscribe(typeset);
  } else {
    typeset();
  }
})();
