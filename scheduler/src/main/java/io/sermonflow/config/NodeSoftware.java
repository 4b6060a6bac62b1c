package io.sermonflow.config;

/**
 * A tool a node runs work with, as its operator needs to know it ("ffmpeg 5.1.9 (system,
 * /usr/bin/ffmpeg)"): nodes of one cluster can differ, and a media fault on one node is
 * often its tools. Published with the node's lease and shown on the nodes page.
 */
public interface NodeSoftware {

	String describe();

}
