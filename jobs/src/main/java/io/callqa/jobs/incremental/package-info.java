/**
 * The one rule by which a stage is skipped when nothing it reads changed ({@link
 * io.callqa.jobs.incremental.Incremental}): the stage declares its inputs ({@link
 * io.callqa.jobs.incremental.StageInputs}: table versions, settings, rule and file checksums), the
 * runner compares them with what the stage recorded last time ({@link
 * io.callqa.jobs.incremental.InputsRecord}) and either skips, saying so, or runs the stage, says
 * which inputs changed, and records the new ones once the stage succeeded. Landing files are
 * deliveries instead ({@link io.callqa.jobs.incremental.Delivery}): each is used once, so the
 * runner compares them with every delivery recorded before ({@link
 * io.callqa.jobs.incremental.DeliveryRecord}) and gives the stage only the new ones.
 */
package io.callqa.jobs.incremental;
