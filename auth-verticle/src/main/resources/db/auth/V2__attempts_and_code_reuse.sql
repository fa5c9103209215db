-- Failed logins per account name (whether or not it exists), counted before the password is
-- checked, shared by every auth verticle of the cluster: the next attempt waits until not_before,
-- one attempt at a time (pending_until), and a row is forgotten after forget_at.
CREATE TABLE login_attempts (
  name          VARCHAR(256) NOT NULL PRIMARY KEY,
  failures      INT          NOT NULL,
  not_before    BIGINT       NOT NULL,
  pending_until BIGINT       NOT NULL,
  forget_at     BIGINT       NOT NULL
);
CREATE INDEX login_attempts_forget ON login_attempts (forget_at);

-- The one-time code an account used last and its time step: a code is taken once.
ALTER TABLE accounts ADD COLUMN otp_last_code VARCHAR(16);
ALTER TABLE accounts ADD COLUMN otp_last_step BIGINT;
