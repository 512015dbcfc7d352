/** The compaction SPI: the contract third-party plugins compile against. Depends on java.base only. */
package dev.parley.compaction.spi;
