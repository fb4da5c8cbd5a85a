/**
 * The benchmarks ({@code callqa bench kpi|speech|search|analyse|cluster}): each prints its figures
 * and writes them under {@code bench/results/}; the KPI benchmark compares with DuckDB on the same
 * landing files.
 */
package io.callqa.tools.bench;
