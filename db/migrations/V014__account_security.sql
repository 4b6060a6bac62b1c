-- Security hardening (issue 15): revocation that takes effect at once, sign-in throttling that
-- cannot be turned on a victim, tokens that expire and say when they were last used.

-- raised by every change of a user's password, role or standing: a console session signed in
-- under an older version ends at its next request
ALTER TABLE sf_user ADD COLUMN credentials_version INT NOT NULL DEFAULT 1;

ALTER TABLE sf_api_token
    ADD COLUMN expires_at   TIMESTAMPTZ,
    ADD COLUMN last_used_at TIMESTAMPTZ;

-- failed sign-ins, per (user name, client address) and per client address, shared by every
-- node; an attempt is counted before its password is checked, so concurrent guesses cannot get
-- past the limit, and past it each further attempt waits twice as long as the one before
CREATE TABLE sf_sign_in_failure (
    key           VARCHAR(400) PRIMARY KEY,
    kind          VARCHAR(10)  NOT NULL CHECK (kind IN ('PAIR', 'ADDRESS')),
    username      VARCHAR(200),
    address       VARCHAR(100) NOT NULL,
    failures      INT          NOT NULL,
    last_at       TIMESTAMPTZ  NOT NULL,
    blocked_until TIMESTAMPTZ
);
