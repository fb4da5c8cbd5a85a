package io.callqa.dashboards.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything the executive report shows, already computed from the gold tables (the jobs module's
 * {@code ReportJob} fills it; {@link HtmlReport} renders it).
 *
 * @param from first local day of the period
 * @param to last local day of the period
 * @param previousFrom first day of the previous period of the same length
 * @param previousTo last day of the previous period
 * @param note a remark on the period (e.g. why it is shorter than asked), or empty
 * @param headlines contact-centre KPIs for the period
 * @param complaintHeadlines complaint timeliness for the period and the backlog at its end
 * @param daily per day and site over both periods: offered, service level, ASA, abandonment, CSAT,
 *     NPS
 * @param intraday per half-hour of the day and site over the period: offered and service level
 * @param sites per site over the period
 * @param worstHalfHours the half-hours with the lowest service level
 * @param complaintDaily per day: opened, resolved, breached, backlog
 * @param breaches breaches in the period by category and channel
 * @param dueSoon open tickets due within a few days
 * @param qaFindings the most-missed scorecard points in the period
 * @param categories conversations per category in the period
 */
public record ReportData(
    LocalDate from,
    LocalDate to,
    LocalDate previousFrom,
    LocalDate previousTo,
    String note,
    Instant generatedAt,
    String centreTimeZone,
    List<Kpi> headlines,
    List<Kpi> complaintHeadlines,
    Table daily,
    Table intraday,
    Table sites,
    Table worstHalfHours,
    Table complaintDaily,
    Table breaches,
    Table dueSoon,
    Table qaFindings,
    Table categories) {}
