/** Implementation details of the core; not exported. */
package io.hexhttp.core.internal;
