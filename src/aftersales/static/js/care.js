/* 回访与关怀: ECharts of the campaign page (coverage by building, coverage and handling rate)
   and of the questionnaire statistics (satisfaction per question with its 95% interval, the
   monthly trend). The data comes from a json_script block; the texts from data- attributes. */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function text(el, name, fallback) { return el.getAttribute("data-" + name) || fallback; }

  function noData(el) {
    var box = document.createElement("div");
    box.className = "report-chart-empty text-secondary";
    box.textContent = text(el, "empty", "暂无数据");
    el.replaceChildren(box);
  }

  function pct(v) { return v == null ? null : +(v * 100).toFixed(1); }

  function buildings(el, d) {
    if (!d.buildings.length) { return noData(el); }
    var rows = d.buildings;
    echarts.init(el).setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 30, bottom: 10, containLabel: true },
      xAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: text(el, "visited", "已回访"), type: "bar", stack: "n", itemStyle: { color: "#2fb344" },
          data: rows.map(function (r) { return r.visited; }) },
        { name: text(el, "pending", "未回访"), type: "bar", stack: "n", itemStyle: { color: "#c8d3e6" },
          data: rows.map(function (r) { return r.targets - r.visited; }) }
      ]
    });
  }

  function gauges(el, d) {
    /* Two gauges side by side: each at most a quarter of the width (no overlap on a phone). */
    var radius = Math.max(40, Math.min(el.clientWidth / 4 - 10, el.clientHeight / 2 - 24));
    function gauge(name, value, centre) {
      return {
        type: "gauge", center: [centre, "55%"], radius: radius, min: 0, max: 100, animation: false,
        progress: { show: true, width: 10 }, axisLine: { lineStyle: { width: 10 } },
        axisTick: { show: false }, splitLine: { length: 6 }, axisLabel: { distance: 14, fontSize: 9 },
        pointer: { show: false }, title: { offsetCenter: [0, "75%"], fontSize: 12 },
        detail: { formatter: "{value}%", fontSize: 18, offsetCenter: [0, "10%"] },
        data: [{ value: pct(value), name: name }]
      };
    }
    echarts.init(el).setOption({
      series: [
        gauge(text(el, "coverage", "覆盖率") + " (" + text(el, "goal", "目标") + " " + pct(d.goal) + "%)", d.coverage, "25%"),
        gauge(text(el, "handling", "处理率"), d.handling_rate, "75%")
      ]
    });
  }

  function questions(el, d) {
    var rows = d.questions.filter(function (q) { return q.type === "score" && q.satisfaction_rate != null; });
    if (!rows.length) { return noData(el); }
    var labels = rows.map(function (q) { return (q.index + 1) + ". " + q.text; });
    echarts.init(el).setOption({
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var q = rows[items[0].dataIndex];
          return labels[items[0].dataIndex] + "<br>" + text(el, "rate", "满意率") + " " + pct(q.satisfaction_rate) +
            "% [" + pct(q.ci95[0]) + "%, " + pct(q.ci95[1]) + "%]<br>" + text(el, "mean", "平均分") + " " + q.mean +
            "<br>n = " + q.count;
        }
      },
      grid: { left: 8, right: 30, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: labels, axisLabel: { width: 160, overflow: "truncate" } },
      series: [
        { type: "bar", data: rows.map(function (q) { return pct(q.satisfaction_rate); }), itemStyle: { color: "#206bc4" },
          label: { show: true, position: "insideLeft", color: "#fff", formatter: "{c}%" } },
        { type: "custom", renderItem: function (params, api) {
            var lo = api.coord([api.value(0), api.value(2)]), hi = api.coord([api.value(1), api.value(2)]);
            var h = api.size([0, 1])[1] * 0.25;
            return { type: "group", children: [
              { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: "#1d273b", lineWidth: 1.5 } },
              { type: "line", shape: { x1: lo[0], y1: lo[1] - h, x2: lo[0], y2: lo[1] + h }, style: { stroke: "#1d273b", lineWidth: 1.5 } },
              { type: "line", shape: { x1: hi[0], y1: hi[1] - h, x2: hi[0], y2: hi[1] + h }, style: { stroke: "#1d273b", lineWidth: 1.5 } }
            ] };
          },
          data: rows.map(function (q, i) { return [pct(q.ci95[0]), pct(q.ci95[1]), i]; }), z: 10, tooltip: { show: false } }
      ]
    });
  }

  function trend(el, d) {
    var rows = d.trend;
    if (!rows.length) { return noData(el); }
    echarts.init(el).setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [text(el, "count", "评分数"), text(el, "rate", "满意率"), text(el, "very", "非常不满意")] },
      grid: { left: 40, right: 40, top: 40, bottom: 30 },
      xAxis: { type: "category", data: rows.map(function (r) { return r.month; }) },
      yAxis: [
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        { type: "value", minInterval: 1, splitLine: { show: false } }
      ],
      series: [
        { name: text(el, "count", "评分数"), type: "bar", yAxisIndex: 1, itemStyle: { color: "#c8d3e6" },
          data: rows.map(function (r) { return r.count; }) },
        { name: text(el, "low", "95%下限"), type: "line", stack: "ci", symbol: "none", lineStyle: { opacity: 0 },
          data: rows.map(function (r) { return r.ci95 ? pct(r.ci95[0]) : null; }) },
        { name: text(el, "band", "95%区间"), type: "line", stack: "ci", symbol: "none", lineStyle: { opacity: 0 },
          areaStyle: { color: "rgba(32,107,196,0.15)" },
          data: rows.map(function (r) { return r.ci95 ? +(pct(r.ci95[1]) - pct(r.ci95[0])).toFixed(1) : null; }) },
        { name: text(el, "rate", "满意率"), type: "line", smooth: true, itemStyle: { color: "#206bc4" },
          data: rows.map(function (r) { return pct(r.satisfaction_rate); }) },
        { name: text(el, "very", "非常不满意"), type: "line", smooth: true, itemStyle: { color: "#d63939" },
          data: rows.map(function (r) { return pct(r.very_dissatisfied_rate); }) }
      ]
    });
  }

  function draw() {
    if (typeof echarts === "undefined") { return; }
    var campaign = data("care-campaign-data");
    if (campaign) {
      var b = document.getElementById("chart-buildings"), g = document.getElementById("chart-gauges");
      if (b) { buildings(b, campaign); }
      if (g) { gauges(g, campaign); }
    }
    var stats = data("care-stats-data");
    if (stats) {
      var q = document.getElementById("chart-questions"), t = document.getElementById("chart-trend");
      if (q) { questions(q, stats); }
      if (t) { trend(t, stats); }
    }
    window.addEventListener("resize", function () {
      document.querySelectorAll(".report-chart").forEach(function (el) {
        var chart = echarts.getInstanceByDom(el);
        if (chart) { chart.resize(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
