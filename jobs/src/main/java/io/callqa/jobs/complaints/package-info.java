/**
 * The complaints stage: ticket events replayed per ticket in time order ({@code Lifecycle}) under a
 * deadline policy ({@code ComplaintPolicy}: shipped cn-nfra, us-cfpb, uk-fca-disp, or a file) into
 * {@code complaint_status}, {@code complaint_open} and {@code complaint_daily}.
 */
package io.callqa.jobs.complaints;
