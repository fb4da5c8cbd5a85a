/**
 * The warehouse module's root: {@link io.callqa.warehouse.CallqaException}, the one base type of
 * callqa's user-facing errors. The tables are in {@code tables}, Delta I/O and the Spark session in
 * {@code delta}.
 */
package io.callqa.warehouse;
