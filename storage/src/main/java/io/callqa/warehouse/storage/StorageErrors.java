package io.callqa.warehouse.storage;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;

/** One line for a storage failure: what went wrong and what to check, not a Hadoop stack. */
public final class StorageErrors {
  private StorageErrors() {}

  /** The reason of {@code e} (or the first of its causes that says something) in one line. */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String type = t.getClass().getSimpleName();
      if (type.equals("UnknownStoreException") || mentions(t, "NoSuchBucket")) {
        return "the bucket does not exist (" + firstLine(t) + ")";
      }
      if (t instanceof ConnectException || mentions(t, "Connection refused")) {
        return "connection refused: is the NameNode or the S3 endpoint running and the address"
            + " right? ("
            + firstLine(t)
            + ")";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof AccessDeniedException
          || mentions(t, "AccessDenied")
          || mentions(t, "InvalidAccessKeyId")
          || mentions(t, "SignatureDoesNotMatch")) {
        return "access denied: check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
            + " fs.s3a.* in core-site.xml, or the Hadoop user) ("
            + firstLine(t)
            + ")";
      }
      if (type.equals("NoAuthWithAWSException") || mentions(t, "No AWS Credentials")) {
        return "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or fs.s3a.* in"
            + " core-site.xml, or an instance profile";
      }
    }
    return firstLine(e);
  }

  private static boolean mentions(Throwable t, String s) {
    return t.getMessage() != null && t.getMessage().contains(s);
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }
}
