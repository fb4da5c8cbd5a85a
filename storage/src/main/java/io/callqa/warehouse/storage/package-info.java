/**
 * Where a warehouse and a landing zone live: a local folder, HDFS or an S3 API store, behind one
 * {@link io.callqa.warehouse.storage.Location}.
 */
package io.callqa.warehouse.storage;
