/**
 * Conversation analytics computed offline from transcripts and chats: {@link
 * io.callqa.nlp.analytics.CallMetrics} (talk, silence, talk-over, pace, sentiment), {@link
 * io.callqa.nlp.analytics.CategoryRules} (versioned YAML rules that tag calls with categories and
 * the time of the matching words) and {@link io.callqa.nlp.analytics.Scorecard} (weighted QA
 * criteria with reasons). No Spark: the analyse job calls these inside its tasks.
 */
package io.callqa.nlp.analytics;
