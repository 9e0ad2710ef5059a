package io.meshlet.config.model;

/**
 * Rewrites applied to a request before it is forwarded; not allowed together with a redirect or a
 * direct response. At least one field is set, and {@code uri} excludes {@code uriRegexRewrite}.
 *
 * @param uri replaces the matched prefix, or the whole path after an exact match; a prefix match on
 *     {@code /api} rewritten to {@code /} turns {@code /api/x} into {@code //x}
 * @param authority replaces the Host/{@code :authority} header
 * @param uriRegexRewrite replaces the parts of the path that match an RE2 expression
 */
public record HttpRewrite(String uri, String authority, RegexRewrite uriRegexRewrite) {}
