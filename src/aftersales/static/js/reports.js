/* 数据看板: ECharts trend, breakdowns and the building map; every bar opens its tickets. */
(function () {
  "use strict";

  var PCT = ["satisfaction_rate", "resolution_rate", "response_rate_24h", "callback_rate"];
  var NAMES = {
    satisfaction_rate: "满意率", resolution_rate: "解决率",
    response_rate_24h: "24小时响应率", callback_rate: "回访率", tickets: "报事量"
  };

  function drillUrl(data, extra) {
    var params = new URLSearchParams(data.params);
    Object.keys(extra).forEach(function (k) { params.set(k, extra[k]); });
    return data.drill + "?" + params.toString();
  }

  function monthRange(key) {
    var parts = key.split("-");
    var y = +parts[0], m = +parts[1];
    var last = new Date(y, m, 0).getDate();
    return { start: key + "-01", end: key + "-" + (last < 10 ? "0" : "") + last };
  }

  function clamp(data, range) {
    return {
      start: range.start < data.params.start ? data.params.start : range.start,
      end: range.end > data.params.end ? data.params.end : range.end
    };
  }

  function pct(v) { return v == null ? "—" : (v * 100).toFixed(1) + "%"; }

  /* An empty chart says so (the text from the box's data-empty, translated by the template)
     instead of drawing bare axes. */
  function noData(el) {
    var box = document.createElement("div");
    box.className = "report-chart-empty text-secondary";
    box.textContent = el.getAttribute("data-empty") || "暂无数据";
    el.replaceChildren(box);
    return null;
  }

  function hasTickets(rows) {
    return rows.some(function (r) { return r.tickets > 0; });
  }

  function trend(el, data) {
    var rows = data.months;
    if (!hasTickets(rows)) { return noData(el); }
    var chart = echarts.init(el);
    var series = [{
      name: NAMES.tickets, type: "bar", yAxisIndex: 1, data: rows.map(function (r) { return r.tickets; }),
      itemStyle: { color: "#c8d3e6" }
    }];
    PCT.forEach(function (code) {
      series.push({
        name: NAMES[code], type: "line", smooth: true, connectNulls: false,
        data: rows.map(function (r) { return r[code] == null ? null : +(r[code] * 100).toFixed(1); })
      });
    });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v; } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 40, right: 40, top: 40, bottom: 30 },
      xAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      yAxis: [
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        { type: "value", minInterval: 1, splitLine: { show: false } }
      ],
      series: series
    });
    chart.on("click", function (p) {
      var range = clamp(data, monthRange(rows[p.dataIndex].key));
      window.location.href = drillUrl(data, { metric: "tickets", part: "all", start: range.start, end: range.end });
    });
    return chart;
  }

  function bars(el, data, rows, param) {
    if (!hasTickets(rows)) { return noData(el); }
    var chart = echarts.init(el);
    var top = rows.slice(0, 12).reverse();
    chart.setOption({
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var r = top[items[0].dataIndex];
          return r.label + "<br>报事量 " + r.tickets + "<br>满意率 " + pct(r.satisfaction_rate) +
            "<br>解决率 " + pct(r.resolution_rate);
        }
      },
      grid: { left: 8, right: 30, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: top.map(function (r) { return r.label; }),
        axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", data: top.map(function (r) { return r.tickets; }), itemStyle: { color: "#206bc4" },
        label: { show: true, position: "right" } }]
    });
    chart.on("click", function (p) {
      var extra = { metric: "tickets", part: "all" };
      extra[param] = top[p.dataIndex].key;
      window.location.href = drillUrl(data, extra);
    });
    return chart;
  }

  function buildings(el, data) {
    var rows = data.buildings.slice().reverse();
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 30, top: 30, bottom: 10, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }),
        axisLabel: { width: 120, overflow: "truncate" } },
      series: [
        { name: "已超时", type: "bar", stack: "n", itemStyle: { color: "#d63939" },
          data: rows.map(function (r) { return r.overdue; }) },
        { name: "未超时", type: "bar", stack: "n", itemStyle: { color: "#f59f00" },
          data: rows.map(function (r) { return r.open - r.overdue; }) }
      ]
    });
    chart.on("click", function (p) {
      var r = rows[p.dataIndex];
      window.location.href = p.seriesIndex === 0 ? r.overdue_url : r.open_url;
    });
    return chart;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("dashboard-data");
    if (!node || typeof echarts === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var charts = [];
    var el = document.getElementById("chart-trend");
    if (el) { charts.push(trend(el, data)); }
    el = document.getElementById("chart-category");
    if (el) { charts.push(bars(el, data, data.categories, "category")); }
    el = document.getElementById("chart-component");
    if (el) { charts.push(bars(el, data, data.components, "component")); }
    el = document.getElementById("chart-buildings");
    if (el && data.buildings.length) { charts.push(buildings(el, data)); }
    charts = charts.filter(function (c) { return c; });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
