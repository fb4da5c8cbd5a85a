package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callqa config}: lists the configuration keys with their effective values. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "List every configuration key, its default and the value in effect. Precedence: --set > --config FILE > default.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @picocli.CommandLine.Option(
      names = "--markdown",
      description =
          "print the keys as the README's configuration table (key, default, allowed values, meaning)")
  boolean markdown;

  @Override
  public Integer call() {
    if (markdown) {
      System.out.print(io.callqa.jobs.config.ConfigKey.markdownTable());
      return 0;
    }
    CallqaConfig effective = options.load();
    effective
        .asText()
        .forEach(
            (k, value) ->
                System.out.printf(
                    "%-32s = %-14s # %s (default %s%s)%n",
                    k.key(),
                    value,
                    k.description(),
                    k.defaultValue().isEmpty() ? "empty" : k.defaultValue(),
                    k.range().isEmpty() ? "" : "; " + k.range()));
    return 0;
  }
}
