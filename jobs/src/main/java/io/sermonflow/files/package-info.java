/**
 * Small file-system helpers the pipelines share.
 */
package io.sermonflow.files;
