/**
 * One final class per warehouse table: its name, column constants, partitioning and {@code SCHEMA}.
 * Jobs refer to columns through these constants and never infer a schema.
 */
package io.callqa.warehouse.tables;
