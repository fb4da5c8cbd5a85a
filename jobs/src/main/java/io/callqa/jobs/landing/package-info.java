/**
 * The landing-zone contract of SPEC.md: CSV reading with line numbers, per-feed validation and
 * typing, and the reasons a record is rejected. Free of Spark jobs, so it runs inside executors.
 */
package io.callqa.jobs.landing;
