package io.sermonflow.catalog;

import java.time.LocalDate;

/**
 * A series or preacher as a list shows it: how many published sermons it has and when the
 * latest was preached (null when none is published).
 */
public record Listed<T>(T entry, int published, LocalDate latest) {

}
