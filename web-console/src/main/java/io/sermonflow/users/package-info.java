/**
 * Staff users, API tokens and sign-in blocks (ADMIN), in the API and the console.
 */
package io.sermonflow.users;
