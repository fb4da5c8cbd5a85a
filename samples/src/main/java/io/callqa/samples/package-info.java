/**
 * Synthetic call recordings shipped with callqa (text-to-speech, two voices on two channels, eight
 * formats) with their reference transcripts: the demo transcribes them, the accuracy test scores
 * them.
 */
package io.callqa.samples;
