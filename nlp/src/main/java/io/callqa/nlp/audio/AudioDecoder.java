package io.callqa.nlp.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Decodes a call recording to 16 kHz 16-bit channels (for a copy of it, {@link #decodeForCopy}: at
 * its own rate up to 16 kHz), validating every header field in Java first.
 *
 * <p>Accepted: RIFF/WAVE with PCM 16-bit, G.711 mu-law or A-law (8-bit), format tag 1, 6, 7 or
 * WAVE_FORMAT_EXTENSIBLE of those, mono or stereo, at one of {@link #ACCEPTED_RATES}; and MPEG
 * audio (MP3) through JLayer, a pure-Java decoder. Everything else is a {@link BadAudioException}
 * naming the file and the offending field. A file that ends before its declared data length keeps
 * its whole frames and is marked {@link DecodedAudio#truncated()}.
 *
 * <p>Other rates are resampled with the JDK's band-limited sinc interpolator: the speech model
 * expects 16 kHz, gives empty text on 8 kHz input without any error, and roughly doubles its word
 * error rate on linearly interpolated telephone audio.
 */
public final class AudioDecoder {

  /** The rate every decoded channel has: what the speech models are trained on. */
  public static final int TARGET_RATE = 16_000;

  /**
   * Sample rates a recording may have; anything else (a corrupt 0 Hz or 2e9 Hz header) is rejected.
   */
  public static final Set<Integer> ACCEPTED_RATES =
      new TreeSet<>(List.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000));

  /** Longest recording accepted, so that a corrupt length cannot exhaust memory: 4 hours. */
  public static final double MAX_SECONDS = 4 * 3600;

  private static final int WAVE_FORMAT_PCM = 1;
  private static final int WAVE_FORMAT_ALAW = 6;
  private static final int WAVE_FORMAT_MULAW = 7;
  private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

  private AudioDecoder() {}

  /** Decodes {@code file}; the format is told by its first bytes, not its name. */
  public static DecodedAudio decode(Path file) throws BadAudioException {
    return decode(read(file), file.toString());
  }

  private static byte[] read(Path file) throws BadAudioException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadAudioException("recording " + file + " does not exist");
    } catch (IOException e) {
      throw new BadAudioException("cannot read recording " + file + ": " + e.getMessage(), e);
    }
  }

  /** Decodes a recording held in memory; {@code name} appears in error messages. */
  public static DecodedAudio decode(byte[] bytes, String name) throws BadAudioException {
    return resampled(raw(bytes, name), name);
  }

  /**
   * Decodes {@code file} for a copy of it (the redacted copy of a recording): at the file's own
   * rate when that is at most {@link #TARGET_RATE} (telephone audio at 8 kHz holds nothing more at
   * 16 kHz, and the copy is half the bytes without the resampling's time), else resampled to it as
   * {@link #decode(Path)} does. The samples are those {@link #decode(Path)} resamples.
   */
  public static DecodedAudio decodeForCopy(Path file) throws BadAudioException {
    return decodeForCopy(read(file), file.toString());
  }

  /** As {@link #decodeForCopy(Path)}, for a recording held in memory. */
  public static DecodedAudio decodeForCopy(byte[] bytes, String name) throws BadAudioException {
    Raw r = raw(bytes, name);
    if (r.rate() > TARGET_RATE) {
      return resampled(r, name);
    }
    return new DecodedAudio(List.of(r.channels()), r.encoding(), r.rate(), r.truncated(), r.rate());
  }

  /** The file's samples at {@link #TARGET_RATE}. */
  private static DecodedAudio resampled(Raw r, String name) throws BadAudioException {
    return new DecodedAudio(
        resampleAll(r.channels(), r.rate(), name), r.encoding(), r.rate(), r.truncated());
  }

  /** The file's samples at its own rate, before any resampling. */
  private record Raw(short[][] channels, String encoding, int rate, boolean truncated) {}

  private static Raw raw(byte[] bytes, String name) throws BadAudioException {
    if (bytes.length == 0) {
      throw new BadAudioException("recording " + name + " is empty (0 bytes)");
    }
    if (startsWith(bytes, "RIFF")) {
      return decodeWav(bytes, name);
    }
    if (looksLikeMp3(bytes)) {
      return decodeMp3(bytes, name);
    }
    throw new BadAudioException(
        "recording " + name + " is not WAV or MP3 audio (starts with bytes " + hex(bytes, 8) + ")");
  }

  private static Raw decodeWav(byte[] b, String name) throws BadAudioException {
    if (b.length < 12 || !startsWith(b, 8, "WAVE")) {
      throw new BadAudioException(
          "recording " + name + " has a RIFF header but no WAVE form type; not a WAV file");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    Integer format = null;
    int channels = 0;
    long rate = 0;
    int blockAlign = 0;
    int bits = 0;
    int dataStart = -1;
    long dataLen = 0;
    while (pos + 8 <= b.length) {
      String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
      long len = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int body = pos + 8;
      if (id.equals("fmt ")) {
        if (len < 16 || body + 16 > b.length) {
          throw new BadAudioException(
              "recording "
                  + name
                  + " has a truncated fmt chunk ("
                  + len
                  + " bytes declared, "
                  + Math.max(0, b.length - body)
                  + " present)");
        }
        format = buf.getShort(body) & 0xFFFF;
        channels = buf.getShort(body + 2) & 0xFFFF;
        rate = Integer.toUnsignedLong(buf.getInt(body + 4));
        blockAlign = buf.getShort(body + 12) & 0xFFFF;
        bits = buf.getShort(body + 14) & 0xFFFF;
        if (format == WAVE_FORMAT_EXTENSIBLE) {
          if (len < 40 || body + 26 > b.length) {
            throw new BadAudioException(
                "recording " + name + " has a truncated WAVE_FORMAT_EXTENSIBLE fmt chunk");
          }
          // The first two bytes of the sub-format GUID carry the plain format tag.
          format = buf.getShort(body + 24) & 0xFFFF;
        }
      } else if (id.equals("data")) {
        dataStart = body;
        dataLen = len;
        break;
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + len + (len & 1));
    }
    if (format == null) {
      throw new BadAudioException(
          "recording " + name + " has no fmt chunk before its data (truncated header?)");
    }
    if (dataStart < 0) {
      throw new BadAudioException("recording " + name + " has no data chunk (truncated header?)");
    }
    String encoding;
    if (format == WAVE_FORMAT_PCM && bits == 16) {
      encoding = "PCM_16";
    } else if (format == WAVE_FORMAT_MULAW && bits == 8) {
      encoding = "MULAW";
    } else if (format == WAVE_FORMAT_ALAW && bits == 8) {
      encoding = "ALAW";
    } else {
      throw new BadAudioException(
          "recording "
              + name
              + " uses an unsupported encoding (format tag "
              + format
              + ", "
              + bits
              + " bits per sample); supported: PCM 16-bit, mu-law and A-law 8-bit");
    }
    checkRate(rate, name);
    if (channels < 1 || channels > 2) {
      throw new BadAudioException(
          "recording "
              + name
              + " has "
              + channels
              + " channels; mono or stereo (agent left, customer right) expected");
    }
    int bytesPerSample = bits / 8;
    if (blockAlign != channels * bytesPerSample) {
      throw new BadAudioException(
          "recording "
              + name
              + " declares a block size of "
              + blockAlign
              + " bytes, but "
              + channels
              + " channel(s) of "
              + bits
              + " bits need "
              + channels * bytesPerSample);
    }
    long present = b.length - (long) dataStart;
    boolean truncated = dataLen > present;
    long usable = Math.min(dataLen, present);
    int frames = (int) Math.min(Integer.MAX_VALUE, usable / blockAlign);
    if (frames == 0) {
      throw new BadAudioException(
          "recording "
              + name
              + " has no audio samples (data chunk of "
              + dataLen
              + " bytes declared, "
              + present
              + " present)");
    }
    checkLength(frames, (int) rate, name);
    short[][] out = new short[channels][frames];
    for (int i = 0; i < frames; i++) {
      int base = dataStart + i * blockAlign;
      for (int c = 0; c < channels; c++) {
        int at = base + c * bytesPerSample;
        out[c][i] =
            switch (encoding) {
              case "PCM_16" -> buf.getShort(at);
              case "MULAW" -> G711.ulaw(b[at]);
              default -> G711.alaw(b[at]);
            };
      }
    }
    return new Raw(out, encoding, (int) rate, truncated);
  }

  private static Raw decodeMp3(byte[] bytes, String name) throws BadAudioException {
    Bitstream in = new Bitstream(new ByteArrayInputStream(bytes));
    Decoder decoder = new Decoder();
    List<short[]> left = new ArrayList<>();
    List<short[]> right = new ArrayList<>();
    int rate = -1;
    int channels = -1;
    long frames = 0;
    try {
      Header h;
      while ((h = in.readFrame()) != null) {
        SampleBuffer out = (SampleBuffer) decoder.decodeFrame(h, in);
        if (rate < 0) {
          rate = out.getSampleFrequency();
          channels = out.getChannelCount();
          checkRate(rate, name);
        } else if (out.getSampleFrequency() != rate || out.getChannelCount() != channels) {
          throw new BadAudioException(
              "recording "
                  + name
                  + " changes format mid-stream ("
                  + rate
                  + " Hz x "
                  + channels
                  + " -> "
                  + out.getSampleFrequency()
                  + " Hz x "
                  + out.getChannelCount()
                  + ")");
        }
        int n = out.getBufferLength() / channels;
        short[] l = new short[n];
        short[] r = channels == 2 ? new short[n] : null;
        short[] s = out.getBuffer();
        for (int i = 0; i < n; i++) {
          l[i] = s[i * channels];
          if (r != null) {
            r[i] = s[i * channels + 1];
          }
        }
        left.add(l);
        if (r != null) {
          right.add(r);
        }
        frames += n;
        checkLength(frames, rate, name);
        in.closeFrame();
      }
    } catch (BitstreamException | DecoderException | RuntimeException e) {
      if (frames == 0) {
        throw new BadAudioException(
            "recording " + name + " is not decodable MP3: " + e.getMessage(), e);
      }
      // A damaged tail: keep the frames decoded so far, as for a truncated WAV.
      return mp3Result(left, right, channels, rate, name, true);
    }
    if (frames == 0) {
      throw new BadAudioException("recording " + name + " holds no MP3 frames");
    }
    return mp3Result(left, right, channels, rate, name, false);
  }

  private static Raw mp3Result(
      List<short[]> left,
      List<short[]> right,
      int channels,
      int rate,
      String name,
      boolean truncated)
      throws BadAudioException {
    short[][] out = new short[channels][];
    out[0] = concat(left);
    if (channels == 2) {
      out[1] = concat(right);
    }
    return new Raw(out, "MP3", rate, truncated);
  }

  private static short[] concat(List<short[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    short[] all = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static List<short[]> resampleAll(short[][] channels, int rate, String name)
      throws BadAudioException {
    List<short[]> out = new ArrayList<>(channels.length);
    for (short[] c : channels) {
      out.add(resample(c, rate, name));
    }
    return out;
  }

  /**
   * Resamples one channel to {@link #TARGET_RATE} with the JDK's sinc interpolator (javax.sound's
   * AudioFloatFormatConverter reads the {@code interpolation} format property).
   */
  static short[] resample(short[] samples, int rate, String name) throws BadAudioException {
    if (rate == TARGET_RATE) {
      return samples;
    }
    byte[] pcm = new byte[samples.length * 2];
    ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples);
    AudioFormat from = new AudioFormat(rate, 16, 1, true, false);
    AudioFormat to =
        new AudioFormat(
            AudioFormat.Encoding.PCM_SIGNED,
            TARGET_RATE,
            16,
            1,
            2,
            TARGET_RATE,
            false,
            Map.of("interpolation", "sinc"));
    long expected = Math.round(samples.length * (double) TARGET_RATE / rate);
    byte[] converted;
    try (AudioInputStream src =
            new AudioInputStream(new ByteArrayInputStream(pcm), from, samples.length);
        InputStream dst = AudioSystem.getAudioInputStream(to, src)) {
      converted = dst.readAllBytes();
    } catch (IOException | IllegalArgumentException e) {
      throw new BadAudioException(
          "cannot resample recording " + name + " from " + rate + " Hz: " + e.getMessage(), e);
    }
    int n = (int) Math.min(expected, converted.length / 2);
    short[] out = new short[(int) expected];
    ByteBuffer.wrap(converted, 0, n * 2)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asShortBuffer()
        .get(out, 0, n);
    return out;
  }

  private static void checkRate(long rate, String name) throws BadAudioException {
    if (!ACCEPTED_RATES.contains((int) rate) || rate > Integer.MAX_VALUE) {
      throw new BadAudioException(
          "recording "
              + name
              + " declares a sample rate of "
              + rate
              + " Hz; accepted rates are "
              + ACCEPTED_RATES
              + " (corrupt header?)");
    }
  }

  private static void checkLength(long frames, int rate, String name) throws BadAudioException {
    if (frames / (double) rate > MAX_SECONDS) {
      throw new BadAudioException(
          String.format(
              Locale.ROOT,
              "recording %s is longer than the %.0f hours accepted (corrupt length?)",
              name,
              MAX_SECONDS / 3600));
    }
  }

  private static boolean looksLikeMp3(byte[] b) {
    if (startsWith(b, "ID3")) {
      return true;
    }
    // An MPEG audio frame sync: 11 set bits, layer not reserved.
    return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0;
  }

  private static boolean startsWith(byte[] b, String magic) {
    return startsWith(b, 0, magic);
  }

  private static boolean startsWith(byte[] b, int at, String magic) {
    if (b.length < at + magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (b[at + i] != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.length); i++) {
      s.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
    }
    return s.toString();
  }
}
