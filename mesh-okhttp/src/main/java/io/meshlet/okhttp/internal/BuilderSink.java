package io.meshlet.okhttp.internal;

import io.meshlet.route.HeaderSink;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Header operations on an OkHttp request or response builder (which share method names but no
 * interface); one small object per call.
 */
final class BuilderSink implements HeaderSink {
  private final Request.Builder request;
  private final Response.Builder response;

  BuilderSink(Request.Builder request, Response.Builder response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public void set(String name, String value) {
    if (request != null) {
      request.header(name, value);
    } else {
      response.header(name, value);
    }
  }

  @Override
  public void add(String name, String value) {
    if (request != null) {
      request.addHeader(name, value);
    } else {
      response.addHeader(name, value);
    }
  }

  @Override
  public void remove(String name) {
    if (request != null) {
      request.removeHeader(name);
    } else {
      response.removeHeader(name);
    }
  }
}
