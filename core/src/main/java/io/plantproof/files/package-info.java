/**
 * Files whose durability matters: the {@link io.plantproof.files.Disk} every durable writer goes through (so tests
 * can model power loss and full disks) and {@link io.plantproof.files.DurableFiles} for small files replaced whole.
 */
package io.plantproof.files;
