/**
 * Speech recognition of call recordings with Vosk (Kaldi), offline.
 *
 * <p>{@link io.callqa.nlp.speech.SpeechService} is the entry point: it hands each recording to a
 * worker process that decodes it in Java ({@link io.callqa.nlp.audio.AudioDecoder}) and runs the
 * native recogniser, so that Kaldi aborting or hanging on one file costs that call, never the
 * caller's JVM. One worker per JVM loads each language's model once and shares it between its
 * recogniser threads.
 */
package io.callqa.nlp.speech;
