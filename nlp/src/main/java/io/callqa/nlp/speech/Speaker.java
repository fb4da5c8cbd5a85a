package io.callqa.nlp.speech;

/**
 * Who spoke: stereo recordings carry the agent on the left channel and the customer on the right.
 */
public enum Speaker {
  AGENT,
  CUSTOMER,
  /** Mono recording: both parties on one channel. */
  UNKNOWN;

  /**
   * The speaker of channel {@code channel} (0-based) of a recording with {@code channels} channels.
   */
  public static Speaker ofChannel(int channel, int channels) {
    if (channels == 1) {
      return UNKNOWN;
    }
    return channel == 0 ? AGENT : CUSTOMER;
  }
}
