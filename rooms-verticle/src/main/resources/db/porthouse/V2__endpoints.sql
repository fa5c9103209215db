-- Public endpoints: a host name that lands clients in an owner's space, or a path /e/{name}
-- that aliases a room (or, without one, the owner's space).
CREATE TABLE endpoints (
  name       VARCHAR(128)  NOT NULL PRIMARY KEY,
  host       VARCHAR(256)  UNIQUE,
  room       VARCHAR(512),
  owner      VARCHAR(1024) NOT NULL,
  created_at BIGINT        NOT NULL
);
