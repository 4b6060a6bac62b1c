/**
 * The console's front page: runs over the last day, queue depths, notifications and what
 * runs now.
 */
package io.sermonflow.dashboard;
