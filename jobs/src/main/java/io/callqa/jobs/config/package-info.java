/**
 * The configuration every stage reads: keys with their defaults, ranges and meanings ({@code
 * ConfigKey}), loaded once at the entry point with the precedence --set > --config file > default
 * ({@code CallqaConfig}).
 */
package io.callqa.jobs.config;
