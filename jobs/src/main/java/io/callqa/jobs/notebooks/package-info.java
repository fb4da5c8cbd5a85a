/**
 * Runs the analysts' Jupyter notebooks' SQL cells against a warehouse and keeps their outputs
 * ({@link io.callqa.jobs.notebooks.NotebookRunner}), for {@code callqa notebooks run} and CI.
 */
package io.callqa.jobs.notebooks;
