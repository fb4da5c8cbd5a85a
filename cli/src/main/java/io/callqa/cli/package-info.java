/**
 * The {@code callqa} command line: one picocli command per class, the options every Spark command
 * shares ({@code ConfigOptions}, {@code LandingOptions}), the warehouse lock, the result printer
 * and the help layout. Builds the production {@code callqa.jar}; the tools add their commands in
 * {@code io.callqa.tools}.
 */
package io.callqa.cli;
