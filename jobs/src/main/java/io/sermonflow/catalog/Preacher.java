package io.sermonflow.catalog;

/** Who preaches: the slug names the preacher's page and never changes. */
public record Preacher(String id, String slug, String name, String description) {

}
