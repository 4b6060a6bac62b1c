package io.sermonflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Sermonflow: one deployable playing the console, worker and scheduler roles. */
@SpringBootApplication
public class SermonflowApplication {

	public static void main(String[] args) {
		SpringApplication.run(SermonflowApplication.class, args);
	}

}
