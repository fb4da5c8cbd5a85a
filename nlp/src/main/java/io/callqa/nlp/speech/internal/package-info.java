/**
 * The speech worker process and the native wrappers it uses: {@link
 * io.callqa.nlp.speech.internal.WorkerMain} (the child), {@link
 * io.callqa.nlp.speech.internal.WorkerProcess} (the parent's handle), {@link
 * io.callqa.nlp.speech.internal.ConfinedRecognizer} (one thread, one close). Not an API: use {@link
 * io.callqa.nlp.speech.SpeechService}.
 */
package io.callqa.nlp.speech.internal;
