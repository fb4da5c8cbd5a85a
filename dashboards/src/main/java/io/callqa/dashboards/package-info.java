/**
 * The executives' and analysts' views without Spark: the Superset bundle ({@code superset}), the
 * named queries ({@code queries}) and the HTML KPI report ({@code report}); {@code ClasspathFolder}
 * reads their bundled files.
 */
package io.callqa.dashboards;
