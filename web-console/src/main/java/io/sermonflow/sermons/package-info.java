/**
 * Sermons for staff: upload, details, editing, transcript review, chapters, scripture and
 * soundbites, in the API and the console.
 */
package io.sermonflow.sermons;
