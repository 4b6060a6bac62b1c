package io.sermonflow.web;

import io.sermonflow.archive.ImportStateException;
import io.sermonflow.control.RunStateConflictException;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.event.EventTooLargeException;
import io.sermonflow.event.InvalidEventException;
import io.sermonflow.fetch.RefusedUrlException;
import io.sermonflow.media.MediaTooLargeException;
import io.sermonflow.security.UserAdministration;
import io.sermonflow.sermon.SermonStateException;
import io.sermonflow.sermon.StaleTranscriptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Turns failures into RFC 9457 problems a person can act on. Unexpected exceptions are
 * logged once, here, and answered without their details.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiProblems {

	private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

	@ExceptionHandler({ InvalidEventException.class, IllegalArgumentException.class, RefusedUrlException.class })
	ProblemDetail badRequest(RuntimeException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request body is missing or is not valid JSON.");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ProblemDetail missingParameter(MissingServletRequestParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request",
				"Parameter \"" + ex.getParameterName() + "\" is required.");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request",
				"Parameter \"" + ex.getName() + "\" has an invalid value: " + ex.getValue());
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler(UserAdministration.UserExistsException.class)
	ProblemDetail userExists(RuntimeException ex) {
		return problem(HttpStatus.CONFLICT, "User exists", ex.getMessage());
	}

	@ExceptionHandler(RunStateConflictException.class)
	ProblemDetail conflict(RunStateConflictException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "Action does not apply to the run's state",
				ex.getMessage());
		problem.setProperty("status", HttpStatus.CONFLICT.value());
		problem.setProperty("runStatus", ex.status().name());
		return problem;
	}

	@ExceptionHandler(ImportStateException.class)
	ProblemDetail importState(ImportStateException ex) {
		return problem(HttpStatus.CONFLICT, "Action does not apply to the import's state", ex.getMessage());
	}

	@ExceptionHandler(SermonStateException.class)
	ProblemDetail sermonState(SermonStateException ex) {
		return problem(HttpStatus.CONFLICT, "Action does not apply to the sermon's status", ex.getMessage());
	}

	@ExceptionHandler(StaleTranscriptException.class)
	ProblemDetail staleTranscript(StaleTranscriptException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "The transcript changed", ex.getMessage());
		problem.setProperty("currentVersion", ex.currentVersion());
		return problem;
	}

	@ExceptionHandler({ MaxUploadSizeExceededException.class, MediaTooLargeException.class })
	ProblemDetail tooLarge(RuntimeException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
				"The file is larger than the upload limit (SERMONFLOW_MAX_UPLOAD_MB); nothing was stored.");
	}

	/** A refusal that depends on what is asked, not only on the route. */
	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail forbidden(AccessDeniedException ex) {
		return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage());
	}

	@ExceptionHandler(EventTooLargeException.class)
	ProblemDetail eventTooLarge(EventTooLargeException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "Event too large", ex.getMessage());
	}

	@ExceptionHandler(RetryableException.class)
	ProblemDetail unavailable(RetryableException ex) {
		log.warn("Request failed on an unavailable dependency: {}", ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
				"A service Sermonflow depends on is unavailable; nothing was accepted. Try again shortly.");
	}

	static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
