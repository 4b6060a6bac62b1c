/**
 * Text helpers: XML-safe text, plain text and slugs; imports only java.*.
 */
package io.sermonflow.text;
