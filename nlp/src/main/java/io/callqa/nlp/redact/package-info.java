/**
 * Personal-data masking applied before any text is written to silver or indexed: card numbers,
 * phone numbers, Chinese national ID numbers and long account numbers, in English and Chinese,
 * written or spoken. See {@link io.callqa.nlp.redact.Redactor}.
 */
package io.callqa.nlp.redact;
