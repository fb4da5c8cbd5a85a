/**
 * Delta Lake I/O for the warehouse: the session factory, schema-checked reads, idempotent writes.
 */
package io.callqa.warehouse.delta;
