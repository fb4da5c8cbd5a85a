/**
 * The query library: named, parameterised SQL over the warehouse (dashboards' virtual datasets,
 * {@code callqa sql --query}, the notebooks), loaded from {@code queries/} and checked at load.
 */
package io.callqa.dashboards.queries;
