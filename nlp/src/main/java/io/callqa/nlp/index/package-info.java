/**
 * The Lucene transcript index that QA reviewers search: one document per {@link
 * io.callqa.nlp.index.Conversation} (a transcribed call, a chat, or a complaint ticket no call is
 * linked to), its utterances kept addressable by speaker and second. {@link
 * io.callqa.nlp.index.IndexSchema} owns the field names and analyzers, {@link
 * io.callqa.nlp.index.TranscriptIndex} writes, {@link io.callqa.nlp.index.TranscriptSearcher}
 * answers {@link io.callqa.nlp.index.SearchRequest}s.
 */
package io.callqa.nlp.index;
