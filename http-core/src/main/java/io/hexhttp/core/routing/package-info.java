/** Method and path-pattern routing: {@link io.hexhttp.core.routing.Router}. */
package io.hexhttp.core.routing;
