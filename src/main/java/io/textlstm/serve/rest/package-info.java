/**
 * The REST front end: TF Serving's REST API (URLs, JSON formats, status codes) on Jetty over the serving core
 * ({@link io.textlstm.serve.core}), which it imports; no other front end imports it.
 */
package io.textlstm.serve.rest;
