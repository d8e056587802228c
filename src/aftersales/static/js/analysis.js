/* 重复问题分析: the ranking bars and the monthly trend (ECharts), from the page's JSON data. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("recurring-chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var charts = [];

    var barsEl = document.getElementById("chart-bars");
    if (barsEl && data.bars.length) {
      var bars = data.bars.slice().reverse();
      var chart = echarts.init(barsEl);
      chart.setOption({
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: {
          type: "category",
          data: bars.map(function (b) { return b.label; }),
          axisLabel: { width: 110, overflow: "truncate" }
        },
        series: [{
          type: "bar", name: "报修单数", data: bars.map(function (b) { return b.count; }),
          itemStyle: { color: "#206bc4" }, label: { show: true, position: "right" }
        }]
      });
      charts.push(chart);
    }

    var trendEl = document.getElementById("chart-trend");
    if (trendEl && data.months.length) {
      var series = [{
        type: "line", name: "全部报修", data: data.totals, smooth: true,
        lineStyle: { width: 3 }, areaStyle: { opacity: 0.08 }
      }];
      data.series.forEach(function (s) {
        series.push({ type: "line", name: s.label, data: s.counts, smooth: true });
      });
      var trend = echarts.init(trendEl);
      trend.setOption({
        grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", minInterval: 1 },
        series: series
      });
      charts.push(trend);
    }

    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
