package io.sermonflow.media;

import io.sermonflow.error.PermanentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading ffmpeg's description of an input, as ffmpeg 4.4 to 7 print it. */
class MediaDescriptionTest {

	@Test
	void reads_container_duration_bit_rate_and_the_first_audio_stream() {
		MediaDescription description = MediaDescription
			.parse("""
					[mjpeg @ 0x564a3fd70a80] EOI missing, emulating
					Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/data/media/x/original':
					  Metadata:
					    major_brand     : M4A
					    title           : Grace
					                    :   Stream #0:9: Audio: fake, 8000 Hz, mono
					  Duration: 01:02:03.50, start: 0.000000, bitrate: 129 kb/s
					    Chapter #0:0: start 0.000000, end 60.000000
					  Stream #0:0[0x1](und): Video: mjpeg (Baseline), yuvj420p(pc), 300x300, 90k tbr (attached pic)
					  Stream #0:1[0x2](eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 127 kb/s (default)
					    Metadata:
					      handler_name    : SoundHandler
					Stream mapping:
					  Stream #0:1 -> #0:0 (aac (native) -> pcm_s16le (native))
					Output #0, null, to 'pipe:':
					  Stream #0:0: Audio: pcm_s16le, 44100 Hz, mono, s16, 705 kb/s
					""");
		assertThat(description.container()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
		assertThat(description.declaredSeconds()).isEqualTo(3723.5);
		assertThat(description.bitRate()).isEqualTo(129_000);
		assertThat(description.audio()).isEqualTo(new MediaDescription.AudioStream("aac", 48000, 6));
	}

	@Test
	void a_file_that_states_no_length_or_has_no_audio_says_so() {
		MediaDescription description = MediaDescription.parse("""
				Input #0, flac, from 'file:/data/x':
				  Duration: N/A, bitrate: N/A
				  Stream #0:0: Video: png, rgb24(pc), 32x32, 25 tbr
				""");
		assertThat(description.declaredSeconds()).isZero();
		assertThat(description.bitRate()).isZero();
		assertThat(description.audio()).isNull();
	}

	@Test
	void names_channel_layouts_by_count() {
		assertThat(MediaDescription.channels("mono")).isEqualTo(1);
		assertThat(MediaDescription.channels("stereo")).isEqualTo(2);
		assertThat(MediaDescription.channels("5.1(side)")).isEqualTo(6);
		assertThat(MediaDescription.channels("2 channels (FL+FR)")).isEqualTo(2);
		assertThat(MediaDescription.channels("hexadecagonal")).isZero();
	}

	@Test
	void refuses_a_description_in_which_a_fact_appears_twice() {
		assertThatThrownBy(() -> MediaDescription.parse("""
				Input #0, mp3, from 'file:/data/x':
				  Stream #0:0: Audio: flac, 8000 Hz, mono
				  Duration: 00:00:05.00, start: 0.000000, bitrate: 64 kb/s
				  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 64 kb/s
				""")).isInstanceOf(PermanentException.class).hasMessageContaining("stream #0:0 twice");
		assertThatThrownBy(() -> MediaDescription.parse("nothing ffmpeg would say"))
			.isInstanceOf(PermanentException.class)
			.hasMessage("ffmpeg did not recognise the file as media");
	}

}
