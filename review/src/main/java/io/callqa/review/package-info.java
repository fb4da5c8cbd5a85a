/**
 * The review web server QA reviewers use ({@code ./callqa serve}): a search page over the
 * transcript index, a conversation view with the recording playing from the clicked utterance, a
 * JSON API under both, login against {@link io.callqa.review.Users}, role checks ({@link
 * io.callqa.review.Role}) and an {@link io.callqa.review.AuditLog} of every transcript view. No
 * Spark on this classpath.
 */
package io.callqa.review;
