package io.callqa.jobs.landing;

import java.util.List;

/**
 * One CSV record as read from a landing file.
 *
 * @param line 1-based physical line where the record starts
 * @param fields the unquoted field values
 * @param raw the record's text as delivered (invalid bytes shown as U+FFFD)
 * @param encodingError null, or why the bytes are not valid UTF-8
 */
public record CsvRecord(long line, List<String> fields, String raw, String encodingError) {}
