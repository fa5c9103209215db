-- Built-in accounts: a password only as its PBKDF2 hash, roles as a JSON array, a TOTP secret once enrolled.
CREATE TABLE accounts (
  name          VARCHAR(256)  NOT NULL PRIMARY KEY,
  password_hash VARCHAR(512)  NOT NULL,
  roles         VARCHAR(4096) NOT NULL,
  otp_secret    VARCHAR(256),
  created_at    BIGINT        NOT NULL
);
