package io.sermonflow.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.sermonflow.catalog.JdbcCatalogStore.Kind;
import io.sermonflow.media.MediaStore;
import io.sermonflow.text.Slugs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Series and preachers: made from the names staff give (the same name in any case is the
 * same entry), renamed and described by staff, a series given artwork for its feed. A
 * slug is made once from the first name (with a number when taken) and kept through
 * renames, so links and feed subscriptions never break.
 */
@Service
public class Catalog {

	private static final Logger log = LoggerFactory.getLogger(Catalog.class);

	/** Artwork is small: podcast apps fetch it often. */
	static final int MAX_ARTWORK_BYTES = 5 * 1024 * 1024;

	/** What Apple Podcasts asks of show artwork: square, 1400 to 3000 pixels a side. */
	static final int MIN_SIDE = 1400;

	static final int MAX_SIDE = 3000;

	private final JdbcCatalogStore store;

	private final MediaStore media;

	private final TransactionTemplate transactions;

	Catalog(JdbcCatalogStore store, MediaStore media, TransactionTemplate transactions) {
		this.store = store;
		this.media = media;
		this.transactions = transactions;
	}

	/**
	 * Makes sure a preacher and (when named) a series of these names exist, so a sermon
	 * naming them is linked to them when stored.
	 */
	public void ensure(String preacher, String series) {
		if (preacher != null) {
			ensure(Kind.PREACHER, preacher);
		}
		if (series != null) {
			ensure(Kind.SERIES, series);
		}
	}

	/** The id of the series of this name, made when missing. */
	public String ensureSeries(String name) {
		return ensure(Kind.SERIES, name);
	}

	private String ensure(Kind kind, String name) {
		Optional<String> existing = this.store.idNamed(kind, name);
		if (existing.isPresent()) {
			return existing.get();
		}
		String base = Slugs.of(name);
		if (base.isEmpty()) {
			base = kind.name;
		}
		for (int n = 1; n < 1_000; n++) {
			String id = UUID.randomUUID().toString();
			if (this.store.insert(kind, id, (n == 1) ? base : base + "-" + n, name, null)) {
				return id;
			}
			// taken: by this very name (another node, just now), or by another name's
			// slug
			existing = this.store.idNamed(kind, name);
			if (existing.isPresent()) {
				return existing.get();
			}
		}
		throw new IllegalStateException("No free slug for " + kind.name + " " + name);
	}

	/**
	 * Names sermons carried before series and preachers were entries become entries, and
	 * the sermons are linked to them. Runs at every start; it finds nothing to do once
	 * done, and two nodes starting together make each entry once.
	 */
	@EventListener(ApplicationReadyEvent.class)
	public void linkExisting() {
		int linked = 0;
		for (Kind kind : Kind.values()) {
			for (String name : this.store.unlinkedNames(kind)) {
				ensure(kind, name);
			}
			linked += this.store.linkByName(kind);
		}
		if (linked > 0) {
			log.info("Linked {} sermon names to series and preacher entries", linked);
		}
	}

	public List<Listed<Series>> series() {
		return this.store.listSeries();
	}

	public Optional<Series> seriesBySlug(String slug) {
		return this.store.seriesBySlug(slug);
	}

	public Optional<Series> series(String id) {
		return this.store.series(id);
	}

	public Optional<Series> seriesOf(String sermonId) {
		return this.store.seriesOf(sermonId);
	}

	public List<Listed<Preacher>> preachers() {
		return this.store.listPreachers();
	}

	public Optional<Preacher> preacherBySlug(String slug) {
		return this.store.preacherBySlug(slug);
	}

	public Optional<Preacher> preacher(String id) {
		return this.store.preacher(id);
	}

	public Optional<Preacher> preacherOf(String sermonId) {
		return this.store.preacherOf(sermonId);
	}

	/**
	 * A new series; a name already in use (in any case) is an
	 * {@link IllegalArgumentException} naming it.
	 */
	public Series createSeries(String name, String description) {
		String checked = Names.name(name, "name");
		if (this.store.idNamed(Kind.SERIES, checked).isPresent()) {
			throw new IllegalArgumentException("A series named \"" + checked + "\" exists already");
		}
		String id = ensure(Kind.SERIES, checked);
		if (description != null) {
			this.store.edit(Kind.SERIES, id, null, Names.description(description));
		}
		return this.store.series(id).orElseThrow();
	}

	/** Renames or describes a series (null leaves a field); its sermons follow. */
	public Series editSeries(String id, String name, String description) {
		edit(Kind.SERIES, id, name, description);
		return this.store.series(id).orElseThrow();
	}

	/** Renames or describes a preacher (null leaves a field); their sermons follow. */
	public Preacher editPreacher(String id, String name, String description) {
		edit(Kind.PREACHER, id, name, description);
		return this.store.preacher(id).orElseThrow();
	}

	private void edit(Kind kind, String id, String name, String description) {
		String checkedName = (name != null) ? Names.name(name, "name") : null;
		String checkedDescription = (description != null) ? Names.description(description) : null;
		Boolean edited = this.transactions.execute((tx) -> this.store.edit(kind, id, checkedName, checkedDescription));
		if (!Boolean.TRUE.equals(edited)) {
			throw new IllegalArgumentException(
					"Another " + kind.name + " is named \"" + checkedName + "\"; choose another name");
		}
	}

	/** Removes a series; its sermons stay, in no series. */
	public boolean deleteSeries(String id) {
		Optional<Series> series = this.store.series(id);
		Boolean deleted = this.transactions.execute((tx) -> this.store.deleteSeries(id));
		series.filter(Series::hasArtwork).ifPresent((s) -> this.media.deleteFolder(folderOf(s.artworkKey())));
		return Boolean.TRUE.equals(deleted);
	}

	/** Puts sermons into a series; returns how many moved (unknown ids are skipped). */
	public int assign(String seriesId, Collection<String> sermonIds) {
		Series series = this.store.series(seriesId).orElseThrow();
		if (sermonIds.size() > 1_000) {
			throw new IllegalArgumentException(
					"Field \"sermonIds\" names more than 1000 sermons; assign them in parts");
		}
		return this.store.assign(series.id(), series.name(), sermonIds);
	}

	/**
	 * Stores the series' artwork: a PNG or JPEG, square, 1400 to 3000 pixels a side, at
	 * most 5 MB, checked from its bytes and header (the image is not decoded). Anything
	 * else is an {@link IllegalArgumentException} saying what is wrong, and nothing
	 * changes.
	 */
	public Series setArtwork(String seriesId, InputStream in) throws IOException {
		Series series = this.store.series(seriesId).orElseThrow();
		byte[] bytes = in.readNBytes(MAX_ARTWORK_BYTES + 1);
		if (bytes.length > MAX_ARTWORK_BYTES) {
			throw new IllegalArgumentException("The artwork is larger than 5 MB");
		}
		Artwork artwork = Artwork.of(bytes);
		String folder = this.media.newFolder();
		String key = this.media
			.store(folder, "artwork." + artwork.extension(), new ByteArrayInputStream(bytes), MAX_ARTWORK_BYTES)
			.key();
		this.store.setArtwork(series.id(), key, artwork.contentType());
		if (series.hasArtwork()) {
			this.media.deleteFolder(folderOf(series.artworkKey()));
		}
		return this.store.series(seriesId).orElseThrow();
	}

	private static String folderOf(String key) {
		return key.substring(0, key.indexOf('/'));
	}

	/** An image's type and size, read from its magic bytes and header. */
	record Artwork(String contentType, String extension, int width, int height) {

		static Artwork of(byte[] bytes) throws IOException {
			String type;
			String extension;
			if (bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
					&& bytes[3] == 'G') {
				type = "image/png";
				extension = "png";
			}
			else if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
					&& (bytes[2] & 0xff) == 0xff) {
				type = "image/jpeg";
				extension = "jpg";
			}
			else {
				throw new IllegalArgumentException("The artwork must be a PNG or JPEG image");
			}
			try (ImageInputStream image = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
				Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
				if (!readers.hasNext()) {
					throw new IllegalArgumentException("The artwork is not a readable " + extension + " image");
				}
				ImageReader reader = readers.next();
				try {
					reader.setInput(image, true, true);
					int width = reader.getWidth(0);
					int height = reader.getHeight(0);
					if (width != height || width < MIN_SIDE || width > MAX_SIDE) {
						throw new IllegalArgumentException("The artwork is " + width + "×" + height
								+ " pixels; podcast apps ask for a square of 1400 to 3000 pixels a side");
					}
					return new Artwork(type, extension, width, height);
				}
				catch (IOException ex) {
					throw new IllegalArgumentException("The artwork is not a readable " + extension + " image");
				}
				finally {
					reader.dispose();
				}
			}
		}

	}

}
