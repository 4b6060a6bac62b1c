/**
 * Authentication and roles for the console and the API: users, tokens, sign-in guards,
 * CSRF and headers; must not import a feature.
 */
package io.sermonflow.security;
