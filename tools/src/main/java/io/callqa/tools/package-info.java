/**
 * What a deployment does not need, added to the command line by {@code CallqaTools}: {@code demo},
 * {@code generate}, {@code bench} and {@code plan}. Runs from {@code callqa-tools.jar} beside
 * {@code callqa.jar}.
 */
package io.callqa.tools;
