package io.callqa.nlp.speech.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The line protocol between {@link WorkerProcess} and {@link WorkerMain}: one JSON object per line.
 *
 * <pre>
 * parent -> worker   {"id":7,"file":"/landing/recordings/a.wav","language":"en"}   or {"id":8,"fault":"abort"}
 * worker -> parent   {"event":"ready"}
 *                    {"event":"model","language":"en","seconds":1.2}
 *                    {"id":7,"event":"started"}
 *                    {"id":7,"event":"decoded","audio_s":31.5}
 *                    {"id":7,"event":"done","result":{...Transcription...}}
 * </pre>
 */
final class Protocol {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String ID = "id";
  static final String FILE = "file";
  static final String LANGUAGE = "language";
  static final String FAULT = "fault";
  static final String EVENT = "event";
  static final String AUDIO_S = "audio_s";
  static final String SECONDS = "seconds";
  static final String RESULT = "result";
  static final String ERROR = "error";

  static final String READY = "ready";
  static final String MODEL = "model";
  static final String STARTED = "started";
  static final String DECODED = "decoded";
  static final String DONE = "done";

  private Protocol() {}
}
