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
    List<Span> merged = widened(audio, spans, beforeS, afterS);
    List<short[]> out = new ArrayList<>();
    for (short[] c : audio.channels()) {
      out.add(c.clone());
    }
    int frames = audio.frames();
    for (Span s : merged) {
      int[] r = samples(s, frames, audio.rate());
      java.util.Arrays.fill(out.get(s.channel()), r[0], r[1], (short) 0);
    }
    return new Result(
        new DecodedAudio(
            out, audio.sourceEncoding(), audio.sourceRate(), audio.truncated(), audio.rate()),
        List.copyOf(merged));
  }

  /**
   * The redacted copy as {@link DecodedAudio#toWav()} would write {@link #silence}'s audio, byte
   * for byte, without a second copy of the samples in memory: the decoded audio and the file's
   * bytes are all it holds (a long recording in a Spark task's heap).
   *
   * @return the WAV bytes and the spans silenced
   */
  public static Wav wav(DecodedAudio audio, List<Span> spans, double beforeS, double afterS) {
    List<Span> merged = widened(audio, spans, beforeS, afterS);
    List<short[]> channels = audio.channels();
    int n = channels.size();
    int frames = audio.frames();
    // Per channel, the sample ranges to silence in order, walked alongside the frames.
    int[][] from = new int[n][];
    int[][] to = new int[n][];
    for (int c = 0; c < n; c++) {
      int ch = c;
      List<int[]> ranges =
          merged.stream()
              .filter(s -> s.channel() == ch)
              .map(s -> samples(s, frames, audio.rate()))
              .toList();
      from[c] = ranges.stream().mapToInt(r -> r[0]).toArray();
      to[c] = ranges.stream().mapToInt(r -> r[1]).toArray();
    }
    int[] next = new int[n];
    java.nio.ByteBuffer b = DecodedAudio.wavHeader(n, frames, audio.rate());
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < n; c++) {
        while (next[c] < to[c].length && to[c][next[c]] <= i) {
          next[c]++;
        }
        boolean silent = next[c] < from[c].length && from[c][next[c]] <= i;
        b.putShort(silent ? 0 : channels.get(c)[i]);
      }
    }
    return new Wav(b.array(), List.copyOf(merged));
  }

  /** A redacted copy's file bytes and the spans silenced in it. */
  public record Wav(byte[] bytes, List<Span> silenced) {}

  /** The samples {@code [from, to)} of a span, at {@code rate}. */
  private static int[] samples(Span s, int frames, int rate) {
    int from = (int) Math.floor(s.fromS() * rate);
    int to = Math.min(frames, (int) Math.ceil(s.toS() * rate));
    return new int[] {Math.min(from, to), to};
  }

  private static List<Span> widened(
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
    return merged;
  }
}
