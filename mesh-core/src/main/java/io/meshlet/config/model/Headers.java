package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * Header manipulation for requests forwarded to a destination and for the responses returned to the
 * caller. A {@code host} or {@code :authority} key rewrites the authority.
 *
 * @param request operations on the request before it is forwarded
 * @param response operations on the response before it is returned
 */
public record Headers(HeaderOperations request, HeaderOperations response) {

  /**
   * Header operations on one message. Removals are applied before additions within one level.
   *
   * @param set headers to overwrite or add
   * @param add values to append to existing headers (comma-separated)
   * @param remove headers to delete
   */
  public record HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove) {
    public HeaderOperations {
      set = Copies.map(set);
      add = Copies.map(add);
      remove = Copies.list(remove);
    }
  }
}
