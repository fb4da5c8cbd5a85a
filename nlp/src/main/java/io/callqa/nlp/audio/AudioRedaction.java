package io.callqa.nlp.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Silences spans of one channel of a decoded recording: the audio side of masking a number read out
 * (the spans come from the recogniser's word times of the masked words, on the channel of the
 * speaker who said them). Each span is widened by a margin on both sides and clipped to the
 * recording; overlapping spans of a channel merge. Every sample outside the widened spans, and
 * every sample of the other channel, is kept as it was.
 *
 * <pre>
 * DecodedAudio redacted = AudioRedaction.silence(audio, List.of(new AudioRedaction.Span(1, 12.4, 17.9)), 0.15)
 *     .audio();
 * byte[] wav = redacted.toWav();
 * </pre>
 */
public final class AudioRedaction {
  /**
   * A time span of one channel.
   *
   * @param channel 0 (left: the agent in a stereo call recording, or the only channel) or 1 (right:
   *     the customer)
   * @param fromS start in seconds
   * @param toS end in seconds, not before {@code fromS}
   */
  public record Span(int channel, double fromS, double toS) {
    public Span {
      if (channel < 0 || channel > 1) {
        throw new IllegalArgumentException("channel " + channel + " is not 0 or 1");
      }
      if (!(fromS >= 0) || !(toS >= fromS)) {
        throw new IllegalArgumentException("span " + fromS + "–" + toS + " s is not a time span");
      }
    }
  }

  /**
   * The redacted audio and what was silenced.
   *
   * @param audio the copy with the spans silenced
   * @param silenced the widened, clipped and merged spans that were set to silence, by channel then
   *     time
   */
  public record Result(DecodedAudio audio, List<Span> silenced) {
    /** Seconds of audio silenced over all channels. */
    public double silencedSeconds() {
      return silenced.stream().mapToDouble(s -> s.toS() - s.fromS()).sum();
    }
  }

  private AudioRedaction() {}

  /**
   * A copy of {@code audio} with each span, widened by {@code marginS} on both sides, set to
   * digital silence.
   *
   * @throws IllegalArgumentException when a span names a channel the recording does not have
   */
  public static Result silence(DecodedAudio audio, List<Span> spans, double marginS) {
    return silence(audio, spans, marginS, marginS);
  }

  /**
   * As {@link #silence(DecodedAudio, List, double)}, widening each span by {@code beforeS} at its
   * start and {@code afterS} at its end.
   */
  public static Result silence(
      DecodedAudio audio, List<Span> spans, double beforeS, double afterS) {
    if (!(beforeS >= 0) || !(afterS >= 0)) {
      throw new IllegalArgumentException(
          "margins " + beforeS + ", " + afterS + " s: one is negative");
    }
    int channels = audio.channels().size();
    double length = audio.seconds();
    List<Span> widened = new ArrayList<>();
    for (Span s : spans) {
      if (s.channel() >= channels) {
        throw new IllegalArgumentException(
            "span on channel " + s.channel() + " of a recording with " + channels + " channel(s)");
      }
      double from = Math.max(0, s.fromS() - beforeS);
      double to = Math.min(length, s.toS() + afterS);
      if (from < to) {
        widened.add(new Span(s.channel(), from, to));
      }
    }
    widened.sort(Comparator.comparingInt(Span::channel).thenComparingDouble(Span::fromS));
    List<Span> merged = new ArrayList<>();
    for (Span s : widened) {
      Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.channel() == s.channel() && s.fromS() <= last.toS()) {
        merged.set(
            merged.size() - 1, new Span(s.channel(), last.fromS(), Math.max(last.toS(), s.toS())));
      } else {
        merged.add(s);
      }
    }
    List<short[]> out = new ArrayList<>();
    for (short[] c : audio.channels()) {
      out.add(c.clone());
    }
    int frames = audio.frames();
    for (Span s : merged) {
      int from = (int) Math.floor(s.fromS() * AudioDecoder.TARGET_RATE);
      int to = Math.min(frames, (int) Math.ceil(s.toS() * AudioDecoder.TARGET_RATE));
      java.util.Arrays.fill(out.get(s.channel()), from, to, (short) 0);
    }
    return new Result(
        new DecodedAudio(out, audio.sourceEncoding(), audio.sourceRate(), audio.truncated()),
        List.copyOf(merged));
  }
}
