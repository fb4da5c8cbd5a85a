/**
 * The metric catalogue: every gold-table metric (the ratio KPIs over their counts, and the plain
 * aggregates) written once and read by the KPI and analyse jobs, the Superset datasets, the query
 * library, the report and the DuckDB benchmark.
 */
package io.callqa.dashboards.metrics;
