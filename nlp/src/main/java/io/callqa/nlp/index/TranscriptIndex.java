package io.callqa.nlp.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * Writes the transcript index: one document per {@link Conversation}, replaced whole by id. Usage:
 *
 * <pre>
 * try (TranscriptIndex index = TranscriptIndex.open(dir)) {
 *   Map&lt;String, String&gt; before = index.fingerprints();
 *   index.put(conversation);          // only when its fingerprint differs from before.get(id)
 *   index.delete("C-gone");
 *   index.commit(Map.of("transcripts", "12"));
 * }
 * </pre>
 *
 * <p>Nothing is visible to searchers until {@link #commit}; the commit's user data records what the
 * index reflects (the warehouse table versions), read back with {@link #committedData}. One writer
 * per directory at a time (Lucene's write lock says so with a clear error).
 */
public final class TranscriptIndex implements Closeable {

  private final Path dir;
  private final FSDirectory directory;
  private final IndexWriter writer;

  private TranscriptIndex(Path dir, FSDirectory directory, IndexWriter writer) {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
  }

  /** Where a warehouse keeps its search index: {@code WAREHOUSE/index}. */
  public static Path dirUnder(Path warehouse) {
    return warehouse.resolve("index");
  }

  /** Opens the index under {@code dir}, creating it when absent. */
  public static TranscriptIndex open(Path dir) {
    try {
      Files.createDirectories(dir);
      FSDirectory directory = FSDirectory.open(dir);
      IndexWriterConfig cfg = new IndexWriterConfig(IndexSchema.analyzer());
      cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      cfg.setRAMBufferSizeMB(256);
      cfg.setCommitOnClose(false);
      return new TranscriptIndex(dir, directory, new IndexWriter(directory, cfg));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the search index at " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The user data of the last commit, empty for a new index. */
  public Map<String, String> committedData() {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** Fingerprint of every committed conversation, by id. */
  public Map<String, String> fingerprints() {
    Map<String, String> out = new HashMap<>();
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      Set<String> fields = Set.of(IndexSchema.ID, IndexSchema.FINGERPRINT);
      for (LeafReaderContext leaf : reader.leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        StoredFields stored = leaf.reader().storedFields();
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (live == null || live.get(doc)) {
            Document d = stored.document(doc, fields);
            out.put(d.get(IndexSchema.ID), d.get(IndexSchema.FINGERPRINT));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the search index at " + dir, e);
    }
    return out;
  }

  /** Adds a conversation, replacing any with the same id. */
  public void put(Conversation c) {
    try {
      writer.updateDocument(new Term(IndexSchema.ID, c.id()), IndexSchema.toDocument(c));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index conversation " + c.id() + " in " + dir, e);
    }
  }

  /** Removes a conversation; no-op when absent. */
  public void delete(String id) {
    try {
      writer.deleteDocuments(new Term(IndexSchema.ID, id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + id + " from the search index at " + dir, e);
    }
  }

  /**
   * Adds the conversations of other indexes (shards built elsewhere, e.g. by Spark executors),
   * copying their segments as they are. Their ids must not be in this index: delete those first.
   * Visible at the next commit; the shards are left as they were.
   */
  public void addShards(List<Path> shards) {
    if (shards.isEmpty()) {
      return;
    }
    List<FSDirectory> dirs = new ArrayList<>();
    try {
      for (Path p : shards) {
        dirs.add(FSDirectory.open(p));
      }
      writer.addIndexes(dirs.toArray(Directory[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot add index shards " + shards + " to " + dir + ": " + e.getMessage(), e);
    } finally {
      for (FSDirectory d : dirs) {
        try {
          d.close();
        } catch (IOException ignored) {
          // read-only use; nothing to lose
        }
      }
    }
  }

  /** Removes every conversation (at the next commit). */
  public void deleteAll() {
    try {
      writer.deleteAll();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the search index at " + dir, e);
    }
  }

  /** Makes every change visible and durable, recording {@code userData} with the commit. */
  public void commit(Map<String, String> userData) {
    try {
      writer.setLiveCommitData(new HashMap<>(userData).entrySet());
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the search index at " + dir, e);
    }
  }

  /** Conversations in the index, committed or not. */
  public int size() {
    return writer.getDocStats().numDocs;
  }

  /** Drops uncommitted changes and releases the write lock. */
  @Override
  public void close() {
    try {
      writer.rollback();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the search index at " + dir, e);
    }
  }
}
