package io.meshlet.config.model;

/**
 * A regex-based path rewrite: every part of the path matching {@code match} (RE2) is replaced by
 * {@code rewrite}, in which {@code \1}-style references name capture groups.
 *
 * @param match the RE2 expression
 * @param rewrite the replacement
 */
public record RegexRewrite(String match, String rewrite) {}
