/**
 * The {@code transcribe} stage: calls with recordings to {@code transcripts} and {@code
 * transcription_runs}, on Spark, through {@link io.callqa.nlp.speech.SpeechService}. See {@link
 * io.callqa.jobs.transcribe.TranscribeJob}.
 */
package io.callqa.jobs.transcribe;
