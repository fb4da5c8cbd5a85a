/**
 * The sizing guide: cores, memory and storage for a centre's volume, from the committed benchmark
 * figures.
 */
package io.callqa.tools.plan;
