/**
 * The whole pipeline in order (ingest, kpi, complaints, transcribe, analyse, index, report) on one
 * warehouse: what {@code callqa run} and the demo call, and the one place the stages' order is
 * written.
 */
package io.callqa.jobs.pipeline;
