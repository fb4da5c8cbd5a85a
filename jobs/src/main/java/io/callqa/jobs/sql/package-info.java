/**
 * The warehouse's SQL endpoint for analysts and Superset: Spark's Thrift JDBC (HiveServer2) server
 * with every Delta table registered by name and a password check ({@link
 * io.callqa.jobs.sql.SqlServer}).
 */
package io.callqa.jobs.sql;
