/**
 * The analyse stage: per-conversation metrics, sentiment, categories and automatic QA scores of
 * transcribed calls and chats (tables {@code call_analytics}, {@code call_categories}, {@code
 * qa_scores}, {@code qa_agent_daily}), manual scores from the review journal, and the agreement
 * between manual and automatic scores.
 */
package io.callqa.jobs.analyse;
