/**
 * Keeping a warehouse healthy: table maintenance (compaction, vacuum, checkpoints: {@code
 * MaintainJob}) and the Delta log-store settings for object stores ({@code StorageSettings}).
 */
package io.callqa.jobs.storage;
