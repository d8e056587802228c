/* Owner self-service pages: the phenomenon picker and the signature pad. No framework. */
(function () {
  "use strict";

  function picker() {
    var category = document.getElementById("id_category");
    var select = document.querySelector("[data-picker=phenomenon]");
    if (!category || !select) return;
    function show() {
      var chosen = category.value;
      Array.prototype.forEach.call(select.options, function (option) {
        var fits = !option.value || !chosen || option.getAttribute("data-category") === chosen;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) select.value = "";
      });
    }
    category.addEventListener("change", show);
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (option && option.value && !category.value) category.value = option.getAttribute("data-category");
    });
    show();
  }

  function signature() {
    var canvas = document.querySelector("canvas[data-signature]");
    if (!canvas || typeof window.SignaturePad === "undefined") return;
    var input = document.getElementById(canvas.getAttribute("data-signature"));
    var pad = new window.SignaturePad(canvas, { penColor: "#1d273b" });
    function resize() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      if (!canvas.offsetWidth || canvas.width === canvas.offsetWidth * ratio) return;
      var strokes = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(strokes);
    }
    pad.addEventListener("endStroke", function () { input.value = pad.toDataURL("image/png"); });
    window.addEventListener("resize", resize);
    resize();
    var clear = document.querySelector("[data-clear]");
    if (clear) clear.addEventListener("click", function () { pad.clear(); input.value = ""; });
  }

  function ready() { picker(); signature(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
