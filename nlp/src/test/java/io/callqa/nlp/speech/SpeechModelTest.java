package io.callqa.nlp.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechModelTest {
  @TempDir Path dir;

  /** A model folder with the files {@link SpeechModel#locate} checks, and this mfcc.conf. */
  Path model(String name, String mfccConf) throws Exception {
    Path m = dir.resolve(name);
    Files.createDirectories(m.resolve("am"));
    Files.createDirectories(m.resolve("conf"));
    Files.write(m.resolve("am/final.mdl"), new byte[] {1, 2, 3});
    Files.writeString(m.resolve("conf/model.conf"), "--beam=10.0\n");
    if (mfccConf != null) {
      Files.writeString(m.resolve("conf/mfcc.conf"), mfccConf);
    }
    return m;
  }

  @Test
  void aModelDithersUnlessItsFeatureConfigurationSetsDitherToZero() throws Exception {
    assertThat(locate(model("kaldi-default", "--use-energy=false\n")).dithers()).isTrue();
    assertThat(locate(model("off", "--use-energy=false\n--dither=0\n")).dithers()).isFalse();
    assertThat(locate(model("off-decimal", "  --dither=0.0  \n")).dithers()).isFalse();
    // Kaldi reads the lines in order: the last value holds.
    assertThat(locate(model("on-again", "--dither=0\n--dither=1.0\n")).dithers()).isTrue();
    assertThat(locate(model("unreadable-value", "--dither=some\n")).dithers()).isTrue();
    // No feature configuration of Vosk's: nothing to say.
    assertThat(locate(model("no-mfcc", null)).dithers()).isFalse();
  }

  @Test
  void theAdviceNamesTheFileAndTheLineToAdd() throws Exception {
    Path m = model("kaldi-default", "--use-energy=false\n");
    assertThat(locate(m).ditherAdvice())
        .isEqualTo(
            "the 'en' model at "
                + m.toAbsolutePath().normalize()
                + " dithers (its conf/mfcc.conf has no --dither=0): the same recording gets"
                + " different words from run to run; add the line --dither=0 to "
                + m.toAbsolutePath().normalize().resolve("conf/mfcc.conf"));
    assertThat(locate(model("off", "--dither=0\n")).ditherAdvice()).isNull();
  }

  @Test
  void theBundledModelDoesNotDither() {
    SpeechModel bundled = SpeechModel.locate("en", "bundled:en-us");
    assertThat(bundled.dithers()).as(bundled.dir() + "/conf/mfcc.conf").isFalse();
  }

  @Test
  void aFolderWithoutTheModelFilesIsRefusedByName() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> SpeechModel.locate("zh", empty.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("lacks am/final.mdl")
        .hasMessageContaining("speech.model.zh");
  }

  static SpeechModel locate(Path m) {
    return SpeechModel.locate("en", m.toString());
  }
}
