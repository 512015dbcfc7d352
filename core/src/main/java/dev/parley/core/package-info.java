/** Parley core: keys, storage, locks and the reactive session API. */
package dev.parley.core;
