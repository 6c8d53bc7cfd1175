/** The product's use cases, as handlers and filters against the core's types. */
package io.hexhttp.handlers;
