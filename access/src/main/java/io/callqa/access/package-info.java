/**
 * Who may come in through the review server and the SQL endpoint, and the record of what they did:
 * {@link io.callqa.access.Users} (the users file), {@link io.callqa.access.Role}, {@link
 * io.callqa.access.SignInGate} (throttling and equal work for unknown names) and {@link
 * io.callqa.access.AuditTrail} (append-only, synced JSON lines).
 */
package io.callqa.access;
