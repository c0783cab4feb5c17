package io.pulse.jobs;

/**
 * One option a job reads: {@code --name value} on the command line or the environment variable NAME
 * (see {@link JobArgs}).
 *
 * @param defaultValue what the job uses when neither gives a value, as it would be written on the
 *     command line; null when the option is required or has no fixed default (the description then
 *     says what happens)
 * @param description what the option does and, for a default that is a choice, why it was chosen
 */
public record JobOption(String name, String defaultValue, String description) {
  public JobOption {
    if (name == null || name.isBlank() || name.startsWith("-")) {
      throw new IllegalArgumentException("an option name looks like window-length, got " + name);
    }
  }

  public String envName() {
    return JobArgs.envName(name);
  }
}
