package io.meshlet.config.model;

/**
 * A fixed response returned to the client instead of forwarding the request.
 *
 * @param status the HTTP status, required, 200–599
 * @param body the response body; absent means empty
 */
public record HttpDirectResponse(Integer status, HttpBody body) {}
