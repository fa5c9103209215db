-- Persistent rooms: their effective rules (JSON, a password only as its hash) and owner.
CREATE TABLE rooms (
  name       VARCHAR(512)     NOT NULL PRIMARY KEY,
  rules      VARCHAR(1000000) NOT NULL,
  owner      VARCHAR(1024),
  created_at BIGINT           NOT NULL
);
