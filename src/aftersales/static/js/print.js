/* Printable forms: the 打印 button opens the browser's print dialog (no inline handler: CSP). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
