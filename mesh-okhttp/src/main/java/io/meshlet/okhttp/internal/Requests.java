package io.meshlet.okhttp.internal;

import io.meshlet.MeshRequest;
import io.meshlet.route.HeaderSink;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Between OkHttp's {@link Request} and the mesh's {@link MeshRequest}. */
public final class Requests {
  private Requests() {}

  /** The mesh's view of an OkHttp request: method, URL parts and headers. */
  public static MeshRequest toMeshRequest(Request request) {
    HttpUrl url = request.url();
    MeshRequest.Builder b = MeshRequest.builder()
        .method(request.method())
        .scheme(url.scheme())
        .host(url.host())
        .port(url.port())
        .path(url.encodedPath())
        .query(url.encodedQuery());
    Headers headers = request.headers();
    for (int i = 0, n = headers.size(); i < n; i++) {
      b.header(headers.name(i), headers.value(i));
    }
    return b.build();
  }

  /** Edits an OkHttp request builder's headers. */
  public static HeaderSink sink(Request.Builder builder) {
    return new BuilderSink(builder, null);
  }
}
