/**
 * The index stage: transcripts, chats and complaints as Lucene documents, built in shards in Spark
 * tasks and merged on the driver into the warehouse's search index; only changed conversations are
 * rewritten.
 */
package io.callqa.jobs.index;
