/**
 * Progress lines of the pipeline stages ({@link io.callqa.jobs.progress.StageProgress}): below
 * every stage package, so that any stage may report without importing the pipeline that runs it.
 */
package io.callqa.jobs.progress;
