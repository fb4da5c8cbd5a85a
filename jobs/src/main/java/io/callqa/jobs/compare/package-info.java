/**
 * Two warehouses compared table by table (every silver and gold table, run columns aside), query by
 * query (the dashboards' named queries) and search by search: the check of the cluster benchmark,
 * of a refactoring (a demo warehouse before and after) and of the tests that build one warehouse
 * two ways.
 */
package io.callqa.jobs.compare;
