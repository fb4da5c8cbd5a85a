/**
 * The executive HTML KPI report: its figures ({@link io.callqa.dashboards.report.ReportData},
 * {@link io.callqa.dashboards.report.Kpi}, {@link io.callqa.dashboards.report.Table}), the centre's
 * targets ({@link io.callqa.dashboards.report.Targets}) and the self-contained renderer with Apache
 * ECharts inlined ({@link io.callqa.dashboards.report.HtmlReport}).
 */
package io.callqa.dashboards.report;
