/**
 * The executive HTML KPI report: figures from the gold tables ({@link
 * io.callqa.jobs.report.ReportJob}), rendered by the dashboards module's {@link
 * io.callqa.dashboards.report.HtmlReport}.
 */
package io.callqa.jobs.report;
