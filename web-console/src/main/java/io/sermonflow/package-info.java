/**
 * The application: main() and the Boot configuration that joins the three modules.
 */
package io.sermonflow;
