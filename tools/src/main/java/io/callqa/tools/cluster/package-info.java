/**
 * A real Spark standalone cluster on loopback (a master and workers in JVMs of their own, from the
 * Spark jars the build resolved), for the cluster benchmark.
 */
package io.callqa.tools.cluster;
