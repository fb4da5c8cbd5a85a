/**
 * The KPI stage: contact-centre KPIs by day, site, queue and segment ({@code kpi_daily}), IVR by
 * day ({@code ivr_daily}) and by half-hour ({@code kpi_interval}), with their formulas written once
 * in {@code KpiFormulas}.
 */
package io.callqa.jobs.kpi;
