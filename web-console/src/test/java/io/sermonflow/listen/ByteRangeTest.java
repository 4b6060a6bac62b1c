package io.sermonflow.listen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {

	@Test
	void resolves_first_last_open_and_suffix_ranges_against_the_size() {
		assertThat(ByteRange.parse("bytes=0-0", 100)).isEqualTo(new ByteRange(0, 0));
		assertThat(ByteRange.parse("bytes=99-", 100)).isEqualTo(new ByteRange(99, 99));
		assertThat(ByteRange.parse("bytes=10-1000", 100)).isEqualTo(new ByteRange(10, 99));
		assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
		assertThat(ByteRange.parse("bytes=-1000", 100)).isEqualTo(new ByteRange(0, 99));
	}

	@Test
	void a_range_past_the_end_or_an_empty_suffix_is_unsatisfiable() {
		assertThat(ByteRange.parse("bytes=100-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
		assertThat(ByteRange.parse("bytes=-0", 100)).isSameAs(ByteRange.UNSATISFIABLE);
		assertThat(ByteRange.parse("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
	}

	@Test
	void malformed_or_multiple_ranges_mean_the_whole_file() {
		for (String header : new String[] { "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "items=0-1", "bytes=0-1,3-4",
				"bytes=0-,0-,0-", "bytes=99999999999999999999-", "bytes=1-2-3", "bytes= 0 - x" }) {
			assertThat(ByteRange.parse(header, 100)).as(header).isNull();
		}
	}

}
