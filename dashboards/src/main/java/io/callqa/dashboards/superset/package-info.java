/**
 * Superset dashboards as code: the v1 import bundle under {@code dashboards/superset/} ({@link
 * io.callqa.dashboards.superset.SupersetBundle}), its checks ({@link
 * io.callqa.dashboards.superset.BundleValidator}, {@link
 * io.callqa.dashboards.superset.BundleQueries}) and the REST client that publishes it ({@link
 * io.callqa.dashboards.superset.SupersetClient}).
 */
package io.callqa.dashboards.superset;
