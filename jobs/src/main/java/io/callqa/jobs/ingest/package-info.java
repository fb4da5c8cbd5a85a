/**
 * The ingest stage: landing files (calls, surveys, tickets, chats) parsed by {@code jobs.landing},
 * validated, masked and merged into the silver tables by business key; rejects with file, line and
 * reason; files already ingested with the same checksum skipped.
 */
package io.callqa.jobs.ingest;
