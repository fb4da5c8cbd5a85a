package io.callqa.nlp.index;

import java.time.LocalDate;
import java.util.Set;

/**
 * What a reviewer asks for: a query in {@link ConversationQueryParser}'s syntax (blank matches
 * every conversation) and filters that all must hold. Null or empty means "no filter". Ranges are
 * inclusive.
 *
 * @param query words, "phrases", "proximity"~5, AND/OR/NOT, prefix*, fuzzy~,
 *     agent:/customer:/ticket:
 * @param kinds CALL, CHAT, COMPLAINT
 * @param categories categories of the analyse stage (any of), e.g. fee_complaint
 * @param csatMin lowest survey CSAT (conversations without a survey drop out when set)
 * @param confidenceMax highest mean recogniser confidence, to find calls worth checking by ear
 * @param offset hits to skip (paging)
 * @param limit hits to return, at most 1000
 */
public record SearchRequest(
    String query,
    LocalDate fromDay,
    LocalDate toDay,
    Set<String> sites,
    Set<String> queues,
    Set<String> segments,
    Set<String> languages,
    Set<String> agents,
    Set<String> kinds,
    Set<String> categories,
    Integer csatMin,
    Integer csatMax,
    Double handleMinS,
    Double handleMaxS,
    Boolean hasComplaint,
    Double confidenceMin,
    Double confidenceMax,
    Sort sort,
    int offset,
    int limit) {

  /** Hit order. */
  public enum Sort {
    RELEVANCE,
    NEWEST,
    OLDEST
  }

  public static final int MAX_LIMIT = 1000;

  /** Deepest page start: a reviewer narrows a search long before, and paging cost grows with it. */
  public static final int MAX_OFFSET = 10_000;

  public SearchRequest {
    query = query == null ? "" : query.strip();
    sites = copy(sites);
    queues = copy(queues);
    segments = copy(segments);
    languages = copy(languages);
    agents = copy(agents);
    kinds = copy(kinds);
    categories = copy(categories);
    sort = sort == null ? Sort.RELEVANCE : sort;
    if (offset < 0 || offset > MAX_OFFSET || limit < 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "offset must be 0.."
              + MAX_OFFSET
              + " and limit 0.."
              + MAX_LIMIT
              + ", got offset "
              + offset
              + " limit "
              + limit);
    }
    if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
      throw new IllegalArgumentException(
          "day range is empty: from " + fromDay + " is after to " + toDay);
    }
  }

  /** Just a query, the first 10 hits by relevance. */
  public static SearchRequest of(String query) {
    return builder().query(query).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.query = query;
    b.fromDay = fromDay;
    b.toDay = toDay;
    b.sites = sites;
    b.queues = queues;
    b.segments = segments;
    b.languages = languages;
    b.agents = agents;
    b.kinds = kinds;
    b.categories = categories;
    b.csatMin = csatMin;
    b.csatMax = csatMax;
    b.handleMinS = handleMinS;
    b.handleMaxS = handleMaxS;
    b.hasComplaint = hasComplaint;
    b.confidenceMin = confidenceMin;
    b.confidenceMax = confidenceMax;
    b.sort = sort;
    b.offset = offset;
    b.limit = limit;
    return b;
  }

  private static Set<String> copy(Set<String> s) {
    return s == null ? Set.of() : Set.copyOf(s);
  }

  /** Builds a request; every setter is optional. */
  public static final class Builder {
    private String query = "";
    private LocalDate fromDay;
    private LocalDate toDay;
    private Set<String> sites = Set.of();
    private Set<String> queues = Set.of();
    private Set<String> segments = Set.of();
    private Set<String> languages = Set.of();
    private Set<String> agents = Set.of();
    private Set<String> kinds = Set.of();
    private Set<String> categories = Set.of();
    private Integer csatMin;
    private Integer csatMax;
    private Double handleMinS;
    private Double handleMaxS;
    private Boolean hasComplaint;
    private Double confidenceMin;
    private Double confidenceMax;
    private Sort sort = Sort.RELEVANCE;
    private int offset;
    private int limit = 10;

    public Builder query(String v) {
      query = v;
      return this;
    }

    public Builder fromDay(LocalDate v) {
      fromDay = v;
      return this;
    }

    public Builder toDay(LocalDate v) {
      toDay = v;
      return this;
    }

    public Builder sites(Set<String> v) {
      sites = v;
      return this;
    }

    public Builder queues(Set<String> v) {
      queues = v;
      return this;
    }

    public Builder segments(Set<String> v) {
      segments = v;
      return this;
    }

    public Builder languages(Set<String> v) {
      languages = v;
      return this;
    }

    public Builder agents(Set<String> v) {
      agents = v;
      return this;
    }

    public Builder kinds(Set<String> v) {
      kinds = v;
      return this;
    }

    public Builder categories(Set<String> v) {
      categories = v;
      return this;
    }

    public Builder csatMin(Integer v) {
      csatMin = v;
      return this;
    }

    public Builder csatMax(Integer v) {
      csatMax = v;
      return this;
    }

    public Builder handleMinS(Double v) {
      handleMinS = v;
      return this;
    }

    public Builder handleMaxS(Double v) {
      handleMaxS = v;
      return this;
    }

    public Builder hasComplaint(Boolean v) {
      hasComplaint = v;
      return this;
    }

    public Builder confidenceMin(Double v) {
      confidenceMin = v;
      return this;
    }

    public Builder confidenceMax(Double v) {
      confidenceMax = v;
      return this;
    }

    public Builder sort(Sort v) {
      sort = v;
      return this;
    }

    public Builder offset(int v) {
      offset = v;
      return this;
    }

    public Builder limit(int v) {
      limit = v;
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(
          query,
          fromDay,
          toDay,
          sites,
          queues,
          segments,
          languages,
          agents,
          kinds,
          categories,
          csatMin,
          csatMax,
          handleMinS,
          handleMaxS,
          hasComplaint,
          confidenceMin,
          confidenceMax,
          sort,
          offset,
          limit);
    }
  }
}
