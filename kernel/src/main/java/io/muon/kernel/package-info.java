/** The kernel: off-heap memory, NativeLog and everything below SQL. */
package io.muon.kernel;
