/**
 * Reading call recordings: WAV (PCM 16-bit, mu-law, A-law) and MP3, validated in Java and resampled
 * to the 16 kHz mono channels the speech models take. Nothing here calls native code, so a corrupt
 * file costs an exception with a reason, never a crashed or hung process.
 */
package io.callqa.nlp.audio;
