/**
 * The nlp module's root: {@link io.callqa.nlp.Checksums}, the one SHA-256 fingerprint every module
 * uses. The audio, speech, masking, analytics and index packages sit below it.
 */
package io.callqa.nlp;
