// Types of porthouse-client (src/porthouse.js): protocol v1 over the Vert.x SockJS event-bus bridge.

/** The one address the bridge takes sends on. */
export const INBOUND: 'porthouse.in';

/** The protocol's error codes (docs/protocol.md, "Errors"), and 'not_open' when there is no connection. */
export type ErrorCode =
  | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'rate_limited'
  | 'unavailable' | 'outcome_unknown' | 'internal' | 'not_open' | (string & {});

/** A v1 error frame. */
export interface ErrorFrame {
  op: 'error';
  code: ErrorCode;
  message?: string;
  ref?: string | number;
}

/** A refusal or failure, as the value an op's promise rejects with. */
export class PorthouseError extends Error {
  constructor(frame: { code: ErrorCode; message?: string });
  readonly code: ErrorCode;
  readonly frame: ErrorFrame | { code: ErrorCode; message?: string };
}

/** The `exp` (seconds since the epoch) of a JWT, read without verifying it; null when it has none. */
export function tokenExpiry(token: string): number | null;

export interface Welcome {
  op: 'welcome';
  socket: string;
  client: string | null;
  node: string;
  /** The push address this connection listens on. */
  address: string;
  roles?: string[];
}

export interface Msg<T = unknown> {
  op: 'msg';
  room: string;
  seq: number;
  epoch: string;
  /** The sending socket. */
  from: string;
  /** The sender's `sub`, or null when anonymous. */
  client: string | null;
  data: T;
  id?: string;
}

export interface Reset {
  op: 'reset';
  room: string;
  epoch?: string;
  seq?: number;
  via?: string;
  reason?: string;
}

export interface Presence {
  op: 'presence';
  room: string;
  event: 'join' | 'leave';
  socket: string;
  client: string | null;
}

export interface Joined {
  op: 'joined';
  room: string;
  seq: number;
  epoch: string;
  /** On a resume: true when every missed message was sent before this answer. */
  recovered?: boolean;
}

export interface Ack {
  op: 'ack';
  seq: number;
  ref?: string | number;
}

export interface History<T = unknown> {
  op: 'history';
  room: string;
  seq: number;
  epoch: string;
  messages: Msg<T>[];
}

export interface Members {
  op: 'members';
  room: string;
  members: { socket: string; client: string | null }[];
  more: boolean;
}

export interface RoomsPage {
  op: 'rooms';
  rooms: { name: string; type: string; members: number }[];
  more: boolean;
}

export interface Rules {
  op: 'rules';
  room: string;
  rules: Record<string, unknown>;
}

/** Any v1 frame (the op names its shape). */
export type Frame = { op: string; [key: string]: unknown };

export interface Events {
  msg: Msg;
  reset: Reset;
  presence: Presence;
  rules: Rules;
  closed: { op: 'closed'; room: string };
  /** Moved by the server (an operator's kick, an exclusive room): out of `from` (null: every room), into `room` if any. */
  moved: { op: 'moved'; from: string | null; room: string | null };
  /** The room the server moved this socket into. */
  joined: Joined;
  event: Frame;
  expired: { op: 'expired' };
  close: unknown;
  error: PorthouseError | Frame | unknown;
  reconnected: Welcome;
  resumed: { room: string; recovered: boolean; joined: Joined };
}

export interface ConnectOptions {
  /** A JWT: every op carries it; the server authenticates the socket with it once. */
  token?: string;
  /** Called a little before the token's exp; returns the new token. */
  refresh?: () => string | Promise<string>;
  /** Reconnect and resume after the connection drops (default true). */
  reconnect?: boolean;
  /** First reconnect delay, doubled each attempt, with ±50% jitter (default 1000 ms). */
  reconnectDelayMin?: number;
  /** Longest reconnect delay (default 5000 ms). */
  reconnectDelayMax?: number;
  /** An op not answered within this is rejected as 'outcome_unknown' (default 10000 ms). */
  timeoutMs?: number;
  /** SockJS transports to use, e.g. ['xhr-streaming']; default: every one, best first. */
  transports?: string | string[];
  /** Any other sockjs-client option. */
  [sockjsOption: string]: unknown;
}

export interface SendOptions {
  /** Socket ids to deliver to, instead of every member. */
  to?: string[];
  /** The message id retries share (default: a fresh random one). */
  id?: string;
  /** Tries before giving up on an unknown outcome (default 6). */
  attempts?: number;
}

export class Porthouse {
  /** The answer to hello on the current connection. */
  readonly welcome: Welcome;
  /** This socket's id on the server. */
  readonly socket: string;
  /** The rooms this client is in, with the last seq and epoch seen in each. */
  readonly joined: Map<string, { seq: number; epoch: string | null }>;

  request<T extends Frame = Frame>(op: Frame): Promise<T>;
  join(room: string, options?: { since?: number; epoch?: string; key?: string }): Promise<Joined>;
  leave(room: string): Promise<{ op: 'left'; room: string }>;
  send(room: string, data: unknown, options?: SendOptions): Promise<Ack>;
  history<T = unknown>(room: string, since?: number, limit?: number): Promise<History<T>>;
  members(room: string, after?: string): Promise<Members>;
  rules(room: string, changes?: Record<string, unknown>): Promise<Rules>;
  create(room: string, rules?: Record<string, unknown>): Promise<{ op: 'created'; room: string }>;
  rooms(after?: string): Promise<RoomsPage>;
  auth(token: string): Promise<{ op: 'authed'; client: string; roles: string[] }>;

  /** Listens for an event; returns a function that stops listening. */
  on<E extends keyof Events>(event: E, fn: (value: Events[E]) => void): () => void;
  off<E extends keyof Events>(event: E, fn: (value: Events[E]) => void): void;
  /** Closes for good: no reconnect; requests waiting are rejected. */
  close(): void;
}

/** Connects to the bridge at `url` (http(s)://host:port/eventbus); resolves once the socket said hello. */
export function connect(url: string, options?: ConnectOptions): Promise<Porthouse>;
