package io.meshlet.benchmarks.load;

import java.util.List;
import okhttp3.OkHttpClient;

/**
 * One way for the load generator to reach the three endpoints: a configured OkHttp client and
 * the URLs it calls. Workers cycle through {@code url(0) .. url(urls() - 1)}, each starting at a
 * different index.
 *
 * <p>This is the plug-in point for set-ups: (a) direct, (b) Meshlet, (c) one HAProxy hop and
 * (d) two hops are each one implementation; see {@link Setups}.
 */
public interface ClientSetup extends AutoCloseable {

  /** One letter, {@code a} to {@code d}: how options and reports refer to the set-up. */
  String key();

  /** A short description for tables, for example {@code "OkHttp → HAProxy → endpoints"}. */
  String name();

  /** The client every worker shares (one connection pool, as an application would have). */
  OkHttpClient client();

  /** How many distinct URLs this set-up calls. */
  int urls();

  /** The {@code i}-th URL, {@code 0 <= i < urls()}. */
  String url(int i);

  /** Local processes this set-up depends on (proxies), whose CPU time the report shows; may be empty. */
  default List<ProcessHandle> processes() {
    return List.of();
  }

  /** Releases the client's connections and stops anything the set-up started. */
  @Override
  void close();
}
