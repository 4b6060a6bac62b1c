package io.sermonflow.embedding;

import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import org.springframework.stereotype.Component;

/**
 * all-MiniLM-L6-v2 in-process (ONNX Runtime; the model ships inside its Maven artifact):
 * 384-dimension sentence embeddings, normalised, for cosine similarity. Loaded on first
 * use (about 3 s), then shared.
 */
@Component
public class Embedder {

	public static final String MODEL = "all-minilm-l6-v2";

	public static final int DIMENSIONS = 384;

	private volatile EmbeddingModel model;

	public List<float[]> embed(List<String> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		return model().embedAll(texts.stream().map(TextSegment::from).toList())
			.content()
			.stream()
			.map((embedding) -> embedding.vector())
			.toList();
	}

	public float[] embed(String text) {
		return embed(List.of(text)).get(0);
	}

	private EmbeddingModel model() {
		EmbeddingModel loaded = this.model;
		if (loaded == null) {
			synchronized (this) {
				if (this.model == null) {
					this.model = new AllMiniLmL6V2EmbeddingModel();
				}
				loaded = this.model;
			}
		}
		return loaded;
	}

}
