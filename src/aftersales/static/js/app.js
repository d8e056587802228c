/* 售后服务管理系统 — small behaviours shared by every page (no inline scripts). */
(function () {
  "use strict";

  // A failed HTMX request (403, 404, 500, no network) would otherwise do nothing visible.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var text = status === 403 ? "您没有执行此操作的权限" :
      status === 404 ? "记录不存在或不在您的数据范围内" :
      "操作失败（" + status + "），请稍后重试";
    window.alert(text);
  });
  document.addEventListener("htmx:sendError", function () {
    window.alert("无法连接服务器，请检查网络后重试");
  });

  // Dialogs filled by HTMX: show the spinner again when one is closed, so a reopened dialog
  // never shows the previous day's form for a moment.
  document.addEventListener("hidden.bs.modal", function (event) {
    var body = event.target.querySelector(".modal-content");
    if (body && body.dataset.placeholder) {
      body.innerHTML = body.dataset.placeholder;
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".modal .modal-content").forEach(function (body) {
      body.dataset.placeholder = body.innerHTML;
    });
  });
})();
