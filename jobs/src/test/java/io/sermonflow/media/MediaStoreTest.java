package io.sermonflow.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaStoreTest {

	@TempDir
	Path dir;

	@Test
	void stores_under_a_server_key_with_size_and_checksum() throws IOException {
		MediaStore store = new MediaStore(new MediaProperties(this.dir, null, null, null));
		String folder = store.newFolder();
		StoredMedia stored = store.store(folder, "original", new ByteArrayInputStream("abc".getBytes()), 10);
		assertThat(stored.key()).isEqualTo(folder + "/original");
		assertThat(stored.size()).isEqualTo(3);
		assertThat(stored.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(Files.readString(store.resolve(stored.key()))).isEqualTo("abc");
	}

	@Test
	void an_upload_over_the_cap_is_refused_and_leaves_nothing() throws IOException {
		MediaStore store = new MediaStore(new MediaProperties(this.dir, null, null, null));
		String folder = store.newFolder();
		assertThatThrownBy(
				() -> store.store(folder, "original", new ByteArrayInputStream(new byte[1024 * 1024 + 1]), 1024 * 1024))
			.isInstanceOf(MediaTooLargeException.class)
			.hasMessageContaining("1 MiB");
		try (Stream<Path> files = Files.walk(this.dir)) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
	}

	@Test
	void keys_that_are_not_its_own_are_refused() throws IOException {
		MediaStore store = new MediaStore(new MediaProperties(this.dir, null, null, null));
		String folder = store.newFolder();
		for (String key : new String[] { "../etc/passwd", "/etc/passwd", folder + "/../../etc/passwd",
				folder + "/%2e%2e/x", folder + "\\..\\x", "not-a-uuid/original", folder + "/x\u0000y", "" }) {
			assertThatThrownBy(() -> store.resolve(key)).as(key).isInstanceOf(IllegalArgumentException.class);
		}
		assertThat(store.resolve(folder + "/hls/64k/index.m3u8").startsWith(this.dir.toAbsolutePath())).isTrue();
	}

}
